import { describe, expect, it } from 'vitest';
import { kernelHarness, maxRelativeError, randomFloats } from './kernel-harness.js';

describe('rmsNorm', () => {
  for (const dim of [1, 7, 64]) {
    it(`normalizes each row by its root mean square (dim ${dim})`, async () => {
      const h = await kernelHarness();
      const n = 3;
      const x = randomFloats(n * dim, dim, 2);
      const w = randomFloats(dim, dim + 1);
      const out = h.allocF32(n * dim);
      h.kernels.rmsNorm(h.putF32(x), h.putF32(w), out, n, dim, 1e-5);
      const expected = new Float64Array(n * dim);
      for (let t = 0; t < n; t++) {
        let ss = 0;
        for (let k = 0; k < dim; k++) ss += x[t * dim + k] ** 2;
        const scale = 1 / Math.sqrt(ss / dim + 1e-5);
        for (let k = 0; k < dim; k++) expected[t * dim + k] = x[t * dim + k] * scale * w[k];
      }
      expect(maxRelativeError(h.readF32(out, n * dim), expected)).toBeLessThan(1e-5);
    });
  }
});

describe('rope', () => {
  it('rotates (x[i], x[i + half]) of every head by the table angles (rotate_half layout)', async () => {
    const h = await kernelHarness();
    const [n, heads, headDim] = [2, 3, 8];
    const half = headDim / 2;
    const x = randomFloats(n * heads * headDim, 3);
    const angles = randomFloats(n * half, 4, 3);
    const ptr = h.putF32(x);
    h.kernels.rope(
      ptr,
      n,
      heads,
      headDim,
      heads * headDim,
      h.putF32(angles.map(Math.cos)),
      h.putF32(angles.map(Math.sin)),
    );
    const expected = Float64Array.from(x);
    for (let t = 0; t < n; t++)
      for (let hd = 0; hd < heads; hd++)
        for (let i = 0; i < half; i++) {
          const base = t * heads * headDim + hd * headDim;
          const [a, b] = [x[base + i], x[base + i + half]];
          const angle = angles[t * half + i];
          expected[base + i] = a * Math.cos(angle) - b * Math.sin(angle);
          expected[base + i + half] = b * Math.cos(angle) + a * Math.sin(angle);
        }
    expect(maxRelativeError(h.readF32(ptr, x.length), expected)).toBeLessThan(1e-6);
  });
});

describe('elementwise', () => {
  it('swiglu is silu(gate) * up; addInPlace and addBias add', async () => {
    const h = await kernelHarness();
    const count = 11;
    const gate = randomFloats(count, 5, 6);
    const up = randomFloats(count, 6);
    const out = h.allocF32(count);
    h.kernels.swiglu(h.putF32(gate), h.putF32(up), out, count);
    const expected = Array.from(gate, (g, i) => (g / (1 + Math.exp(-g))) * up[i]);
    expect(maxRelativeError(h.readF32(out, count), expected)).toBeLessThan(1e-6);

    const a = h.putF32(gate);
    h.kernels.addInPlace(a, h.putF32(up), count);
    expect(
      maxRelativeError(
        h.readF32(a, count),
        Array.from(gate, (g, i) => g + up[i]),
      ),
    ).toBeLessThan(1e-7);

    const rows = h.putF32(randomFloats(2 * 5, 7));
    const before = h.readF32(rows, 10);
    const bias = randomFloats(5, 8);
    h.kernels.addBias(rows, h.putF32(bias), 2, 5);
    expect(
      maxRelativeError(
        h.readF32(rows, 10),
        Array.from(before, (v, i) => v + bias[i % 5]),
      ),
    ).toBeLessThan(1e-7);
  });
});

describe('attention', () => {
  /** Causal GQA over `past` cached tokens and n new ones, float64, from token-major keys and values. */
  function reference(
    q: Float32Array,
    k: Float32Array,
    v: Float32Array,
    n: number,
    past: number,
    heads: number,
    kvHeads: number,
    d: number,
  ): Float64Array {
    const out = new Float64Array(n * heads * d);
    for (let t = 0; t < n; t++)
      for (let h = 0; h < heads; h++) {
        const kvh = Math.floor(h / (heads / kvHeads));
        const keys = past + t + 1;
        const scores = new Float64Array(keys);
        for (let j = 0; j < keys; j++) {
          let dot = 0;
          for (let e = 0; e < d; e++) dot += q[(t * heads + h) * d + e] * k[(j * kvHeads + kvh) * d + e];
          scores[j] = dot / Math.sqrt(d);
        }
        const max = Math.max(...scores);
        const exps = scores.map((s) => Math.exp(s - max));
        const total = exps.reduce((a, b) => a + b, 0);
        for (let j = 0; j < keys; j++)
          for (let e = 0; e < d; e++)
            out[(t * heads + h) * d + e] += (exps[j] / total) * v[(j * kvHeads + kvh) * d + e];
      }
    return out;
  }

  for (const headDim of [6, 16]) {
    it(`matches float64 loops with a cache, grouped heads and head ranges (headDim ${headDim})`, async () => {
      const h = await kernelHarness();
      const [n, past, heads, kvHeads, capacity] = [3, 9, 4, 2, 14];
      const total = past + n;
      const q = randomFloats(n * heads * headDim, 1);
      const k = randomFloats(total * kvHeads * headDim, 2);
      const v = randomFloats(total * kvHeads * headDim, 3);
      // Scatter token-major rows into the head-major cache layout with the kernel the forward pass uses.
      const kCache = h.allocF32(kvHeads * capacity * headDim, Number.NaN);
      const vCache = h.allocF32(kvHeads * capacity * headDim, Number.NaN);
      h.kernels.scatterHeads(h.putF32(k), kCache, total, kvHeads, headDim, capacity, 0);
      h.kernels.scatterHeads(h.putF32(v), vCache, total, kvHeads, headDim, capacity, 0);
      const out = h.allocF32(n * heads * headDim, Number.NaN);
      const scores = h.allocF32(total);
      const qPtr = h.putF32(q);
      const scale = Math.fround(1 / Math.sqrt(headDim));
      // Two calls over disjoint head ranges, as two workers would run them.
      h.kernels.attention(
        qPtr,
        kCache,
        vCache,
        out,
        n,
        heads,
        kvHeads,
        headDim,
        capacity,
        past,
        scale,
        scores,
        0,
        1,
      );
      h.kernels.attention(
        qPtr,
        kCache,
        vCache,
        out,
        n,
        heads,
        kvHeads,
        headDim,
        capacity,
        past,
        scale,
        scores,
        1,
        heads,
      );
      const expected = reference(q, k, v, n, past, heads, kvHeads, headDim);
      expect(maxRelativeError(h.readF32(out, n * heads * headDim), expected)).toBeLessThan(1e-5);
    });
  }
});
