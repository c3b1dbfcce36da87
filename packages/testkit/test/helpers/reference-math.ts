import type { SafetensorsFile } from '../../src/safetensors/read-safetensors.js';

/** Rows of float64 activations, one per token. */
export type Matrix = Float64Array[];

/** x [n, in] @ W^T + b for HF linear `prefix` (W [out, in]) of `st`. */
export function linear(st: SafetensorsFile, x: Matrix, prefix: string): Matrix {
  const w = st.getFloat32(`${prefix}.weight`);
  const b = st.getFloat32(`${prefix}.bias`);
  const outDim = b.length;
  const inDim = w.length / outDim;
  return x.map((row) =>
    Float64Array.from({ length: outDim }, (_, o) => {
      let s = b[o];
      for (let i = 0; i < inDim; i++) s += row[i] * w[o * inDim + i];
      return s;
    }),
  );
}

/** LayerNorm over each row with HF norm `prefix` of `st`. */
export function layerNorm(st: SafetensorsFile, x: Matrix, prefix: string, eps: number): Matrix {
  const g = st.getFloat32(`${prefix}.weight`);
  const b = st.getFloat32(`${prefix}.bias`);
  return x.map((row) => {
    const mean = row.reduce((a, v) => a + v, 0) / row.length;
    const variance = row.reduce((a, v) => a + (v - mean) ** 2, 0) / row.length;
    const inv = 1 / Math.sqrt(variance + eps);
    return row.map((v, i) => (v - mean) * inv * g[i] + b[i]);
  });
}

/**
 * Multi-head attention over projected q, k, v [n, heads * dh]: softmax(q k^T * scale) v per head, every token
 * seeing every token (no padding in the references).
 */
export function attend(q: Matrix, k: Matrix, v: Matrix, numHeads: number, scale: number): Matrix {
  const width = q[0].length;
  const dh = width / numHeads;
  const context = q.map(() => new Float64Array(width));
  for (let h = 0; h < numHeads; h++) {
    for (let i = 0; i < q.length; i++) {
      const scores = k.map((kr) => {
        let s = 0;
        for (let j = 0; j < dh; j++) s += q[i][h * dh + j] * kr[h * dh + j];
        return s * scale;
      });
      const max = Math.max(...scores);
      const e = scores.map((s) => Math.exp(s - max));
      const sum = e.reduce((a, b) => a + b, 0);
      for (let t = 0; t < k.length; t++) {
        for (let j = 0; j < dh; j++) context[i][h * dh + j] += (e[t] / sum) * v[t][h * dh + j];
      }
    }
  }
  return context;
}

export function add(a: Matrix, b: Matrix): Matrix {
  return a.map((row, i) => row.map((v, j) => v + b[i][j]));
}

/** Exact GELU, as PyTorch's default `gelu`. */
export function gelu(x: number): number {
  return 0.5 * x * (1 + erf(x / Math.SQRT2));
}

/** erf to ~1e-15: Taylor series near 0, the complementary continued fraction further out. */
function erf(x: number): number {
  const ax = Math.abs(x);
  if (ax < 2.5) {
    let term = ax;
    let sum = ax;
    for (let n = 1; n < 60; n++) {
      term *= (-ax * ax) / n;
      sum += term / (2 * n + 1);
    }
    return Math.sign(x) * ((2 / Math.sqrt(Math.PI)) * sum);
  }
  // erfc(x) = exp(-x^2)/sqrt(pi) * 1/(x + 1/2/(x + 1/(x + 3/2/(x + ...)))), evaluated from the tail.
  let f = ax;
  for (let n = 60; n >= 1; n--) f = ax + n / 2 / f;
  const erfc = Math.exp(-ax * ax) / Math.sqrt(Math.PI) / f;
  return Math.sign(x) * (1 - erfc);
}
