import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../src/random/seeded-random.js';
import { Q4_BLOCK_SIZE, Q4_ZERO_POINT, quantizeQ4 } from '../src/weights/quantize-q4.js';

/** Code j of row r, block b, read back from the packed bytes (low nibble first). */
function code(q: ReturnType<typeof quantizeQ4>, r: number, b: number, j: number): number {
  const byte = q.packed[(r * q.blocksPerRow + b) * (q.blockSize / 2) + (j >> 1)];
  return j % 2 === 0 ? byte & 0x0f : byte >> 4;
}

function normal(n: number, std: number, seed = 7): Float32Array {
  return SeededRandom.forStream(seed, 'q4-test').fillNormal(new Float32Array(n), std);
}

describe('quantizeQ4', () => {
  it('packs codes low nibble first in [rows, blocks, 16] and dequantizes as (code - 8) * scale', () => {
    const rows = 3;
    const cols = 96;
    const w = normal(rows * cols, 0.05);
    const q = quantizeQ4(w, rows, cols);
    expect(q.blocksPerRow).toBe(3);
    expect(q.packed).toHaveLength(rows * 3 * (Q4_BLOCK_SIZE / 2));
    expect(q.scales).toHaveLength(rows * 3);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const b = Math.floor(c / Q4_BLOCK_SIZE);
        const scale = q.scales[r * q.blocksPerRow + b];
        const expected = Math.fround((code(q, r, b, c % Q4_BLOCK_SIZE) - Q4_ZERO_POINT) * scale);
        expect(q.dequantized[r * cols + c]).toBe(expected);
      }
    }
  });

  it('stores each block extreme exactly as code 0 and rounds the rest to the nearest level', () => {
    const cols = 64;
    const w = normal(2 * cols, 1, 11);
    const q = quantizeQ4(w, 2, cols);
    for (let blk = 0; blk < 4; blk++) {
      const values = w.subarray(blk * 32, blk * 32 + 32);
      const extreme = values.reduce((m, v) => (Math.abs(v) > Math.abs(m) ? v : m), 0);
      const scale = q.scales[blk];
      expect(scale).toBe(Math.fround(extreme / -8));
      const i = values.indexOf(extreme);
      expect(code(q, Math.floor(blk / 2), blk % 2, i)).toBe(0);
      expect(Math.abs(q.dequantized[blk * 32 + i] - extreme)).toBeLessThan(1e-6 * Math.abs(extreme));
      // Half a step is the worst rounding error, except on the far side of the extreme, where the top level is
      // +7 steps and values up to 8 steps clamp to it.
      const step = Math.abs(scale);
      for (let j = 0; j < 32; j++) {
        const clamped = values[j] * extreme < 0 && Math.abs(values[j]) > 7.5 * step;
        const err = Math.abs(q.dequantized[blk * 32 + j] - values[j]);
        expect(err).toBeLessThanOrEqual((clamped ? 1 : 0.5) * step + 1e-7);
      }
    }
  });

  it('keeps zero blocks at zero and pads a short last block with the zero point', () => {
    const w = new Float32Array(40);
    w.set([0.5, -0.25, 0.125], 32);
    const q = quantizeQ4(w, 1, 40);
    expect(q.blocksPerRow).toBe(2);
    expect(q.scales[0]).toBe(0);
    expect(Array.from(q.dequantized.subarray(0, 32))).toEqual(new Array(32).fill(0));
    expect(Array.from(q.dequantized.subarray(32, 35))).toEqual([0.5, -0.25, 0.125]);
    for (let j = 8; j < 32; j++) expect(code(q, 0, 1, j)).toBe(Q4_ZERO_POINT);
  });

  it('has a small relative error on Gaussian weights', () => {
    const w = normal(64 * 576, 1 / 24, 3);
    const q = quantizeQ4(w, 64, 576);
    let num = 0;
    let den = 0;
    for (let i = 0; i < w.length; i++) {
      num += (q.dequantized[i] - w[i]) ** 2;
      den += w[i] ** 2;
    }
    // Q4_0 on Gaussian blocks of 32: about 0.1 relative RMS error.
    expect(Math.sqrt(num / den)).toBeLessThan(0.13);
    expect(Math.sqrt(num / den)).toBeGreaterThan(0.05);
  });
});
