import { describe, expect, it } from 'vitest';
import { rowQuantizer } from '../src/kv-cache/kv-quantization.js';
import { QuantizedKVCache } from '../src/kv-cache/quantized-kv-cache.js';
import { entries, layout, packed, range } from './kv-test-entries.js';

const real = { numLayers: 3, numKVHeads: 2, headDim: 64 };

/** Gaussian-ish keys and values with a few outliers, like real attention projections. */
function randomEntries(positions: number[], seed: number) {
  let s = seed;
  const rand = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  const make = () => {
    const out = new Float32Array(real.numKVHeads * positions.length * real.headDim);
    for (let i = 0; i < out.length; i++) {
      const g = Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
      out[i] = rand() < 0.02 ? g * 8 : g;
    }
    return out;
  };
  return {
    positions,
    keys: Array.from({ length: real.numLayers }, make),
    values: Array.from({ length: real.numLayers }, make),
  };
}

/** Largest |error| / absmax of its group, and the relative L2 error over everything. */
function errors(got: Float32Array, want: Float32Array, groupSize: number) {
  let worst = 0;
  let num = 0;
  let den = 0;
  for (let g = 0; g < want.length; g += groupSize) {
    let absmax = 0;
    for (let i = g; i < g + groupSize; i++) absmax = Math.max(absmax, Math.abs(want[i]));
    for (let i = g; i < g + groupSize; i++) {
      worst = Math.max(worst, Math.abs(got[i] - want[i]) / absmax);
      num += (got[i] - want[i]) ** 2;
      den += want[i] ** 2;
    }
  }
  return { worst, relL2: Math.sqrt(num / den) };
}

describe('QuantizedKVCache', () => {
  it.each([
    [8, 0.5 / 127, 0.01],
    [4, 0.5 / 7, 0.2], // outliers widen int4 groups: about 17% relative L2 here
  ] as const)('int%i round-trips within half a step of each group absmax', (bits, stepBound, l2Bound) => {
    const cache = new QuantizedKVCache(real, { bits });
    const data = randomEntries(range(0, 40), bits);
    cache.append(data);
    for (let l = 0; l < real.numLayers; l++) {
      const { key, value } = cache.read(l);
      for (const [got, want] of [
        [key, data.keys[l]],
        [value, data.values[l]],
      ]) {
        const e = errors(got, want, 32);
        expect(e.worst).toBeLessThanOrEqual(stepBound * 1.0001);
        expect(e.relL2).toBeLessThan(l2Bound);
        expect(e.worst).toBeGreaterThan(0); // it really is quantized
      }
    }
  });

  it('reports the quantized size: data plus one float32 scale per group', () => {
    const int8 = new QuantizedKVCache(real, { bits: 8 });
    const int4 = new QuantizedKVCache(real, { bits: 4, groupSize: 16 });
    int8.append(randomEntries(range(0, 10), 1));
    int4.append(randomEntries(range(0, 10), 1));
    const rows = 10 * 2 * real.numLayers * real.numKVHeads;
    expect(int8.bytes).toBe(rows * (64 + 2 * 4));
    expect(int4.bytes).toBe(rows * (32 + 4 * 4));
    expect(int8.bytes / (rows * 64 * 4)).toBeLessThan(0.3);
  });

  it('quantizes only the new tokens of a packed append: the held ones are already stored', () => {
    const cache = new QuantizedKVCache(real, { bits: 8 });
    cache.append(randomEntries(range(0, 5), 3));
    const before = cache.read(2).value.slice();
    const step = packed(cache, randomEntries([5], 4));
    // Garbage where the held tokens sit must not reach the store.
    for (const a of [...step.keys, ...step.values])
      for (let h = 0; h < real.numKVHeads; h++) a.fill(Number.NaN, h * 6 * 64, (h * 6 + 5) * 64);
    cache.appendPacked(step);
    const after = cache.read(2).value;
    for (let h = 0; h < real.numKVHeads; h++) {
      expect(after.subarray(h * 6 * 64, (h * 6 + 5) * 64)).toEqual(
        before.subarray(h * 5 * 64, (h + 1) * 5 * 64),
      );
      expect(after.subarray((h * 6 + 5) * 64, (h * 6 + 6) * 64).every(Number.isFinite)).toBe(true);
    }
    expect(Array.from(cache.positions())).toEqual(range(0, 6));
  });

  it('keeps positions and layout through growth, truncate and fork', () => {
    const cache = new QuantizedKVCache(layout, { bits: 8, groupSize: 2 });
    cache.append(entries(range(0, 3)));
    for (let p = 3; p < 40; p++) cache.appendPacked(packed(cache, entries([p])));
    const want = entries(range(0, 40));
    const close = (got: Float32Array, exp: Float32Array) => {
      // Each value differs from its neighbours by ≥ 1; half an int8 step of a ~2e6 group is far below 1e4.
      for (let i = 0; i < got.length; i++) expect(Math.abs(got[i] - exp[i])).toBeLessThan(1e4);
    };
    close(cache.read(1).key, want.keys[1]);
    close(cache.read(0).value, want.values[0]);
    const fork = cache.fork();
    cache.truncate(10);
    expect(cache.nextPosition).toBe(10);
    expect(fork.length).toBe(40);
    close(fork.read(1).value, want.values[1]);
    cache.append(entries([10]));
    close(cache.read(0).key, entries(range(0, 11)).keys[0]);
    expect(fork.nextPosition).toBe(40);
  });

  it('stores zeros exactly and handles a last group shorter than the others', () => {
    const q = rowQuantizer(4, 5, 2);
    expect(q.groups).toBe(3);
    expect(q.rowBytes).toBe(3);
    const data = new Uint8Array(3);
    const scales = new Float32Array(3);
    const out = new Float32Array(5);
    q.quantize(Float32Array.from([0, 0, 7, -7, 3]), 0, data, 0, scales, 0);
    q.dequantize(data, 0, scales, 0, out, 0);
    expect(Array.from(out)).toEqual([0, 0, 7, -7, 3]);
  });

  it('frees storage on clear', () => {
    const cache = new QuantizedKVCache(layout, { bits: 4 });
    cache.append(entries(range(0, 4)));
    cache.clear();
    expect(cache.length).toBe(0);
    expect(cache.bytes).toBe(0);
    expect(cache.read(0).key.length).toBe(0);
  });
});
