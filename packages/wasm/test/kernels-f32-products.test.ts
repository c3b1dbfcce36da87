import { describe, expect, it } from 'vitest';
import { kernelHarness, maxRelativeError, randomFloats } from './kernel-harness.js';

/** out[t, r] = w[r, :] . x[t, :] in float64. */
function referenceMatmul(
  w: Float32Array,
  x: Float32Array,
  rows: number,
  cols: number,
  n: number,
): Float64Array {
  const out = new Float64Array(n * rows);
  for (let t = 0; t < n; t++)
    for (let r = 0; r < rows; r++) {
      let s = 0;
      for (let k = 0; k < cols; k++) s += w[r * cols + k] * x[t * cols + k];
      out[t * rows + r] = s;
    }
  return out;
}

describe('matmulF32', () => {
  // Rows and tokens around the 2x4 / 4x1 tiles, columns around the 4-lane width.
  const shapes: [number, number, number][] = [
    [1, 1, 1],
    [1, 3, 5],
    [3, 4, 1],
    [5, 7, 3],
    [6, 33, 4],
    [9, 64, 8],
    [7, 130, 9],
    [8, 37, 1],
    [13, 70, 1],
  ];
  for (const [rows, cols, n] of shapes) {
    it(`matches float64 loops for rows=${rows} cols=${cols} tokens=${n}`, async () => {
      const h = await kernelHarness();
      const w = randomFloats(rows * cols, rows * 1000 + cols);
      const x = randomFloats(n * cols, n * 77 + cols);
      const out = h.allocF32(n * rows, Number.NaN);
      h.kernels.matmulF32(h.putF32Matrix(w, rows, cols), h.putF32(x), out, rows, cols, n, 0, rows);
      expect(maxRelativeError(h.readF32(out, n * rows), referenceMatmul(w, x, rows, cols, n))).toBeLessThan(
        1e-5,
      );
    });
  }

  it('groupRowsF32 keeps every row: copyRowF32 reads each back exactly (grouped rows, tail rows, tail columns)', async () => {
    const h = await kernelHarness();
    for (const [rows, cols] of [
      [9, 6],
      [12, 8],
      [3, 5],
    ]) {
      const w = randomFloats(rows * cols, rows * 31 + cols);
      const ptr = h.putF32Matrix(w, rows, cols);
      const out = h.allocF32(cols, Number.NaN);
      for (let r = 0; r < rows; r++) {
        h.kernels.copyRowF32(ptr, rows, cols, r, out);
        expect(h.readF32(out, cols)).toEqual(w.subarray(r * cols, (r + 1) * cols));
      }
    }
  });

  // Ranges that start and end inside row groups, cover a whole group, or reach the row-major tail, for one token
  // (decode tiles), 3 and 5 tokens (prefill tiles).
  for (const [n, from, to] of [
    [1, 2, 7],
    [1, 5, 11],
    [3, 2, 7],
    [3, 5, 11],
    [5, 2, 7],
    [5, 0, 11],
  ]) {
    it(`writes only the rows of its range (${n} tokens, rows ${from}..${to} of 11)`, async () => {
      const h = await kernelHarness();
      const [rows, cols] = [11, 22];
      const w = randomFloats(rows * cols, 1);
      const x = randomFloats(n * cols, 2);
      const out = h.allocF32(n * rows, Number.NaN);
      h.kernels.matmulF32(h.putF32Matrix(w, rows, cols), h.putF32(x), out, rows, cols, n, from, to);
      const got = h.readF32(out, n * rows);
      const expected = referenceMatmul(w, x, rows, cols, n);
      for (let t = 0; t < n; t++)
        for (let r = 0; r < rows; r++) {
          const value = got[t * rows + r];
          if (r >= from && r < to) expect(Math.abs(value - expected[t * rows + r])).toBeLessThan(1e-5);
          else expect(value).toBeNaN();
        }
    });
  }

  it('gives each token the same bits in a multi-token product as alone (prefill rows equal decode rows)', async () => {
    const h = await kernelHarness();
    const [rows, cols, n] = [11, 37, 7];
    const w = h.putF32Matrix(randomFloats(rows * cols, 3), rows, cols);
    const xs = randomFloats(n * cols, 4);
    const all = h.allocF32(n * rows);
    h.kernels.matmulF32(w, h.putF32(xs), all, rows, cols, n, 0, rows);
    const together = h.readF32(all, n * rows);
    for (let t = 0; t < n; t++) {
      const one = h.allocF32(rows);
      h.kernels.matmulF32(w, h.putF32(xs.subarray(t * cols, (t + 1) * cols)), one, rows, cols, 1, 0, rows);
      expect(h.readF32(one, rows)).toEqual(together.subarray(t * rows, (t + 1) * rows));
    }
  });
});
