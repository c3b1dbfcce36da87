import { describe, expect, it } from 'vitest';
import { decodeBF16, decodeF16 } from '../src/formats/index.js';
import {
  type KernelHarness,
  kernelHarness,
  maxRelativeError,
  quantBlockIndex,
  randomFloats,
} from './kernel-harness.js';

const BLOCK = 32;

/** Quantizes weights with the kernel and returns their addresses and the quants read back. */
function quantizeWeights(h: KernelHarness, format: 'q8' | 'q4', w: Float32Array, rows: number, cols: number) {
  const blocks = Math.ceil(cols / BLOCK);
  const q = h.heap.alloc(rows * blocks * (format === 'q8' ? 32 : 16));
  const s = h.heap.alloc(rows * blocks * 4);
  const quantize = format === 'q8' ? h.kernels.quantizeQ8 : h.kernels.quantizeQ4;
  quantize(h.putF32(w), cols, blocks, q, s, rows, 0, rows);
  return { q, s, blocks, rows };
}

/** f32.nearest: rounds half to even. */
function nearestEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Where element j (0..31) of an activation block is stored: evens of 0..15, odds, evens of 16..31, odds. */
function activationSlot(j: number) {
  return (j & 16) | ((j & 1) << 3) | ((j & 15) >> 1);
}

/** The integer value of weight (r, k) of a [rows, blocks * 32] matrix as the kernels store it. */
function weightQuant(
  h: KernelHarness,
  format: 'q8' | 'q4',
  w: { q: number; rows: number; blocks: number },
  r: number,
  k: number,
) {
  const i = quantBlockIndex(r, Math.floor(k / BLOCK), w.blocks, w.rows);
  const j = k % BLOCK;
  if (format === 'q8') return new Int8Array(h.heap.memory.buffer, w.q + i * 32, 32)[j];
  const byte = new Uint8Array(h.heap.memory.buffer, w.q + i * 16, 16)[j % 16];
  // Stored as signed 4-bit values.
  const nibble = j < 16 ? byte & 15 : byte >> 4;
  return nibble >= 8 ? nibble - 16 : nibble;
}

describe('quantized products', () => {
  const shapes: [number, number, number][] = [
    [1, 32, 1],
    [3, 40, 5],
    [5, 64, 4],
    [4, 100, 9],
    [13, 64, 1],
    [21, 40, 2],
    [24, 96, 1],
    [16, 64, 5],
  ];
  for (const format of ['q8', 'q4'] as const) {
    for (const [rows, cols, n] of shapes) {
      it(`${format}: equals exact block sums of the stored quants for rows=${rows} cols=${cols} tokens=${n}`, async () => {
        const h = await kernelHarness();
        const weights = quantizeWeights(h, format, randomFloats(rows * cols, rows + cols), rows, cols);
        const { q, s, blocks } = weights;
        const xq = h.heap.alloc(n * blocks * 64);
        const xs = h.heap.alloc(n * blocks * 4);
        h.kernels.quantizeActivations(h.putF32(randomFloats(n * cols, n + 5, 3)), n, cols, blocks, xq, xs);
        const out = h.allocF32(n * rows, Number.NaN);
        const matmul = format === 'q8' ? h.kernels.matmulQ8 : h.kernels.matmulQ4;
        matmul(q, s, xq, xs, out, rows, blocks, n, 0, rows);
        const wScales = h.readF32(s, rows * blocks);
        const xScales = h.readF32(xs, n * blocks);
        const xQuants = new Int16Array(h.heap.memory.buffer, xq, n * blocks * 32);
        const expected = new Float64Array(n * rows);
        for (let t = 0; t < n; t++)
          for (let r = 0; r < rows; r++) {
            let sum = 0;
            for (let b = 0; b < blocks; b++) {
              let dot = 0;
              for (let j = 0; j < BLOCK && b * BLOCK + j < cols; j++)
                dot +=
                  weightQuant(h, format, weights, r, b * BLOCK + j) *
                  xQuants[(t * blocks + b) * 32 + activationSlot(j)];
              const wScale = wScales[quantBlockIndex(r, b, blocks, rows)];
              sum += dot * Math.fround(wScale * xScales[t * blocks + b]);
            }
            expected[t * rows + r] = sum;
          }
        expect(maxRelativeError(h.readF32(out, n * rows), expected)).toBeLessThan(1e-5);
      });
    }
  }
});

describe('quantized products across tiles', () => {
  for (const format of ['q8', 'q4'] as const) {
    it(`${format}: each token's row has the same bits in a 9-token product as alone (verify rows equal decode rows)`, async () => {
      const h = await kernelHarness();
      const [rows, cols, n] = [21, 96, 9];
      const { q, s, blocks } = quantizeWeights(h, format, randomFloats(rows * cols, 31), rows, cols);
      const x = randomFloats(n * cols, 32, 2);
      const xq = h.heap.alloc(n * blocks * 64);
      const xs = h.heap.alloc(n * blocks * 4);
      h.kernels.quantizeActivations(h.putF32(x), n, cols, blocks, xq, xs);
      const matmul = format === 'q8' ? h.kernels.matmulQ8 : h.kernels.matmulQ4;
      const all = h.allocF32(n * rows);
      matmul(q, s, xq, xs, all, rows, blocks, n, 0, rows);
      const together = h.readF32(all, n * rows);
      for (let t = 0; t < n; t++) {
        const one = h.allocF32(rows);
        // Token t's quantized activations alone, at the start of a one-token buffer.
        matmul(q, s, xq + t * blocks * 64, xs + t * blocks * 4, one, rows, blocks, 1, 0, rows);
        expect(h.readF32(one, rows)).toEqual(together.subarray(t * rows, (t + 1) * rows));
        // Rows split unevenly (ranges starting inside a row group, a whole group, the row-major tail: the 8-row
        // and 1-row tiles fall differently): the same bits.
        const split = h.allocF32(rows);
        for (const [from, to] of [
          [0, 3],
          [3, 16],
          [16, rows],
        ])
          matmul(q, s, xq + t * blocks * 64, xs + t * blocks * 4, split, rows, blocks, 1, from, to);
        expect(h.readF32(split, rows)).toEqual(together.subarray(t * rows, (t + 1) * rows));
      }
    });
  }
});

describe('quantization recipes', () => {
  it('activations: per-block scale max|x|/127, each value within half a step, zero padding', async () => {
    const h = await kernelHarness();
    const [n, cols] = [3, 45];
    const blocks = 2;
    const x = randomFloats(n * cols, 9, 4);
    const xq = h.heap.alloc(n * blocks * 64);
    const xs = h.heap.alloc(n * blocks * 4);
    h.kernels.quantizeActivations(h.putF32(x), n, cols, blocks, xq, xs);
    const quants = new Int16Array(h.heap.memory.buffer, xq, n * blocks * 32).slice();
    const scales = h.readF32(xs, n * blocks);
    for (let t = 0; t < n; t++)
      for (let b = 0; b < blocks; b++) {
        const values = Array.from(x.subarray(t * cols + b * 32, t * cols + Math.min(cols, b * 32 + 32)));
        const scale = scales[t * blocks + b];
        expect(scale).toBeCloseTo(Math.max(...values.map(Math.abs)) / 127, 6);
        for (let j = 0; j < 32; j++) {
          const q = quants[(t * blocks + b) * 32 + activationSlot(j)];
          expect(Math.abs(q)).toBeLessThanOrEqual(127);
          if (j < values.length) {
            expect(Math.abs(q * scale - values[j])).toBeLessThanOrEqual(scale * 0.5 + 1e-6);
            // Exactly the recipe in f32, in the SIMD path (block 0) and the scalar one (block 1) alike.
            const amax = Math.max(...values.map(Math.abs));
            expect(q).toBe(nearestEven(Math.fround(values[j] * Math.fround(127 / amax))));
          } else expect(q).toBe(0);
        }
      }
  });

  for (const format of ['q8', 'q4'] as const) {
    it(`${format} weights: every value within half a step of its block's scale (cols not a multiple of 32)`, async () => {
      const h = await kernelHarness();
      const [rows, cols] = [11, 50];
      const w = randomFloats(rows * cols, 21, 2);
      const weights = quantizeWeights(h, format, w, rows, cols);
      const { q, s, blocks } = weights;
      const scales = h.readF32(s, rows * blocks);
      const out = h.allocF32(cols);
      for (let r = 0; r < rows; r++) {
        const dequantize = format === 'q8' ? h.kernels.dequantizeRowQ8 : h.kernels.dequantizeRowQ4;
        dequantize(q, s, rows, r, blocks, cols, out);
        const row = h.readF32(out, cols);
        for (let k = 0; k < cols; k++) {
          const step = Math.abs(scales[quantBlockIndex(r, Math.floor(k / 32), blocks, rows)]);
          const quant = weightQuant(h, format, weights, r, k);
          // Q4_0 has 7 steps on one side of zero and 8 on the other: the far end of the short side clamps.
          const bound = format === 'q4' && quant === 7 ? step : step * 0.5;
          expect(Math.abs(row[k] - w[r * cols + k])).toBeLessThanOrEqual(bound + 1e-6);
          expect(quant).toBeGreaterThanOrEqual(format === 'q8' ? -127 : -8);
          expect(quant).toBeLessThanOrEqual(format === 'q8' ? 127 : 7);
        }
      }
    });
  }

  it('weights: quants equal the recipe computed in JS, in full blocks (SIMD path) and a partial one (scalar path)', async () => {
    const h = await kernelHarness();
    const [rows, cols] = [10, 50];
    const w = randomFloats(rows * cols, 77, 3);
    const f = Math.fround;
    const q8 = quantizeWeights(h, 'q8', w, rows, cols);
    const q4 = quantizeWeights(h, 'q4', w, rows, cols);
    for (let r = 0; r < rows; r++) {
      for (let b = 0; b < 2; b++) {
        const block = Array.from({ length: 32 }, (_, j) =>
          b * 32 + j < cols ? w[r * cols + b * 32 + j] : 0,
        );
        const amax = Math.max(...block.map(Math.abs));
        const inverse8 = f(127 / amax);
        let extreme = 0;
        for (const v of block) if (Math.abs(v) > Math.abs(extreme)) extreme = v;
        const inverse4 = f(1 / f(extreme / -8));
        for (let j = 0; j < 32; j++) {
          if (b * 32 + j >= cols) continue;
          const k = b * 32 + j;
          expect(weightQuant(h, 'q8', q8, r, k)).toBe(nearestEven(f(block[j] * inverse8)));
          const nibble = Math.min(15, Math.trunc(f(f(block[j] * inverse4) + 8.5)));
          expect(weightQuant(h, 'q4', q4, r, k)).toBe(nibble - 8);
        }
      }
    }
  });

  it('q4 weights: the value of largest magnitude maps to -8 exactly (the Q4_0 recipe)', async () => {
    const h = await kernelHarness();
    const w = randomFloats(32, 5);
    w[7] = -3;
    const weights = quantizeWeights(h, 'q4', w, 1, 32);
    expect(h.readF32(weights.s, 1)[0]).toBeCloseTo(3 / 8, 7);
    expect(weightQuant(h, 'q4', weights, 0, 7)).toBe(-8);
  });
});

describe('GGUF block repacking and half floats', () => {
  // f16 bits of 0.5 and -0.25: scales a GGUF file stores.
  const scaleBits = [0x3800, 0xb400];
  const scales = [0.5, -0.25];

  // 9 rows of 2 blocks: rows 0..7 land in a row group, row 8 in the row-major tail.
  const [rows, blocks] = [9, 2];
  const blockScale = (r: number, b: number) => scales[(r + b) % 2];

  it('Q8_0 blocks (f16 d + 32 int8) repack to the same values in both layout regions', async () => {
    const h = await kernelHarness();
    const raw = new Uint8Array(rows * blocks * 34);
    const view = new DataView(raw.buffer);
    const value = (r: number, k: number) => (((r * 64 + k) * 7) % 255) - 127;
    for (let r = 0; r < rows; r++)
      for (let b = 0; b < blocks; b++) {
        const at = (r * blocks + b) * 34;
        view.setUint16(at, scaleBits[(r + b) % 2], true);
        for (let j = 0; j < 32; j++) view.setInt8(at + 2 + j, value(r, b * 32 + j));
      }
    const q = h.heap.alloc(rows * blocks * 32);
    const s = h.heap.alloc(rows * blocks * 4);
    h.kernels.repackQ8_0(h.putBytes(raw), blocks, q, s, rows, 0, rows);
    // Each block sits where the layout says (written here independently of the kernels), its bytes as they were.
    for (let r = 0; r < rows; r++)
      for (let b = 0; b < blocks; b++) {
        const i = quantBlockIndex(r, b, blocks, rows);
        expect(Array.from(new Int8Array(h.heap.memory.buffer, q + i * 32, 32))).toEqual(
          Array.from({ length: 32 }, (_, j) => value(r, b * 32 + j)),
        );
        expect(h.readF32(s + i * 4, 1)[0]).toBe(blockScale(r, b));
      }
    const out = h.allocF32(64);
    for (let r = 0; r < rows; r++) {
      h.kernels.dequantizeRowQ8(q, s, rows, r, blocks, 64, out);
      expect(Array.from(h.readF32(out, 64))).toEqual(
        Array.from({ length: 64 }, (_, k) => value(r, k) * blockScale(r, k >> 5)),
      );
    }
  });

  it('Q4_0 blocks (f16 d + 16 bytes, low nibble = element j, high = j + 16) repack to the same values', async () => {
    const h = await kernelHarness();
    const nibble = (r: number, k: number) => (r * 3 + k * 5 + 3) % 16;
    const raw = new Uint8Array(rows * blocks * 18);
    const view = new DataView(raw.buffer);
    for (let r = 0; r < rows; r++)
      for (let b = 0; b < blocks; b++) {
        const at = (r * blocks + b) * 18;
        view.setUint16(at, scaleBits[(r + b) % 2], true);
        for (let j = 0; j < 16; j++)
          raw[at + 2 + j] = nibble(r, b * 32 + j) | (nibble(r, b * 32 + j + 16) << 4);
      }
    const q = h.heap.alloc(rows * blocks * 16);
    const s = h.heap.alloc(rows * blocks * 4);
    h.kernels.repackQ4_0(h.putBytes(raw), blocks, q, s, rows, 0, rows);
    // Each block sits where the layout says, its nibbles stored signed (xor 8).
    for (let r = 0; r < rows; r++)
      for (let b = 0; b < blocks; b++) {
        const i = quantBlockIndex(r, b, blocks, rows);
        const at = (r * blocks + b) * 18 + 2;
        expect(Array.from(h.readBytes(q + i * 16, 16))).toEqual(
          Array.from(raw.subarray(at, at + 16), (byte) => byte ^ 0x88),
        );
        expect(h.readF32(s + i * 4, 1)[0]).toBe(blockScale(r, b));
      }
    const out = h.allocF32(64);
    for (let r = 0; r < rows; r++) {
      h.kernels.dequantizeRowQ4(q, s, rows, r, blocks, 64, out);
      expect(Array.from(h.readF32(out, 64))).toEqual(
        Array.from({ length: 64 }, (_, k) => (nibble(r, k) - 8) * blockScale(r, k >> 5)),
      );
    }
  });

  it('convertF16 and convertBF16 agree with the file readers on every 16-bit pattern', async () => {
    const h = await kernelHarness();
    const bits = new Uint16Array(65536).map((_, i) => i);
    const raw = new Uint8Array(bits.buffer);
    const src = h.putBytes(raw);
    const out = h.allocF32(65536);
    for (const [convert, decode] of [
      [h.kernels.convertF16, decodeF16],
      [h.kernels.convertBF16, decodeBF16],
    ] as const) {
      convert(src, out, 65536);
      const got = new Uint32Array(h.readF32(out, 65536).buffer);
      const expected = decode(raw);
      for (let i = 0; i < 65536; i++) {
        if (Number.isNaN(expected[i])) expect(Number.isNaN(new Float32Array(got.buffer)[i])).toBe(true);
        else expect(got[i], `pattern ${i}`).toBe(new Uint32Array(Float32Array.of(expected[i]).buffer)[0]);
      }
    }
  });
});
