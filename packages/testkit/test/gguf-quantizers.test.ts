import { describe, expect, it } from 'vitest';
import { f16BitsToF32, f32ToF16Bits } from '../src/gguf/float16.js';
import { quantizeQ4_0 } from '../src/gguf/quantize-q4-0.js';
import { quantizeQ8_0 } from '../src/gguf/quantize-q8-0.js';

describe('f32ToF16Bits', () => {
  it('rounds to nearest even, with subnormals, overflow and specials', () => {
    expect(f32ToF16Bits(1)).toBe(0x3c00);
    expect(f32ToF16Bits(-2)).toBe(0xc000);
    expect(f32ToF16Bits(65504)).toBe(0x7bff);
    expect(f32ToF16Bits(65520)).toBe(0x7c00); // halfway to the next step rounds up to infinity
    expect(f32ToF16Bits(1e6)).toBe(0x7c00);
    expect(f32ToF16Bits(2 ** -24)).toBe(0x0001);
    expect(f32ToF16Bits(2 ** -25)).toBe(0x0000); // halfway between 0 and the smallest subnormal: even is 0
    expect(f32ToF16Bits(1.5 * 2 ** -24)).toBe(0x0002); // halfway between 1 and 2 ulps: even is 2
    expect(f32ToF16Bits(1 + 2 ** -11)).toBe(0x3c00); // halfway, even mantissa stays
    expect(f32ToF16Bits(1 + 3 * 2 ** -11)).toBe(0x3c02); // halfway, odd mantissa rounds up
    expect(f32ToF16Bits(Number.NEGATIVE_INFINITY)).toBe(0xfc00);
    expect(f32ToF16Bits(Number.NaN) & 0x7c00).toBe(0x7c00);
  });

  it('round-trips every finite binary16 value', () => {
    for (let bits = 0; bits < 0x10000; bits++) {
      if ((bits & 0x7c00) === 0x7c00) continue;
      const back = f32ToF16Bits(f16BitsToF32(bits));
      // -0 and +0 keep their sign bits.
      expect(back, bits.toString(16)).toBe(bits);
    }
  });
});

/** A 32-value block with chosen values. */
function block(values: number[]): Float32Array {
  const out = new Float32Array(32);
  out.set(values);
  return out;
}

describe('quantizeQ8_0 (ggml quantize_row_q8_0_ref)', () => {
  it('stores fp16 amax/127 then round-half-away int8 quants', () => {
    const x = block([127, -63.5, 0.5, -0.5, 1.49, -127]);
    const q = quantizeQ8_0(x);
    expect(q).toHaveLength(34);
    const view = new DataView(q.buffer);
    expect(f16BitsToF32(view.getUint16(0, true))).toBe(1);
    expect([0, 1, 2, 3, 4, 5, 6].map((j) => view.getInt8(2 + j))).toEqual([127, -64, 1, -1, 1, -127, 0]);
  });

  it('an all-zero block has scale 0 and zero quants', () => {
    expect([...quantizeQ8_0(new Float32Array(64))].every((b) => b === 0)).toBe(true);
  });
});

describe('quantizeQ4_0 (ggml quantize_row_q4_0_ref)', () => {
  it('d = max / -8 keeps the sign of the largest value; value j in the low nibble, j + 16 in the high one', () => {
    const values = new Array(32).fill(0);
    values[0] = -8; // the largest magnitude: d = -8 / -8 = 1, so it quantizes to 0 ((0 - 8) * 1 = -8)
    values[1] = 3; // 3 / 1 + 8.5 = 11.5 → 11
    values[16] = 7.9; // 15.9 + 0.5 = 16.4 → 16 → clamped to 15
    values[17] = -2.5; // 6.0 → 6
    const q = quantizeQ4_0(block(values));
    expect(q).toHaveLength(18);
    expect(f16BitsToF32(new DataView(q.buffer).getUint16(0, true))).toBe(1);
    expect(q[2] & 0x0f).toBe(0);
    expect(q[3] & 0x0f).toBe(11);
    expect(q[2] >> 4).toBe(15);
    expect(q[3] >> 4).toBe(6);
    // A zero value sits at code 8.
    expect(q[4]).toBe(0x88);
  });

  it('a positive largest value gives a negative scale', () => {
    const q = quantizeQ4_0(block([4, -2]));
    expect(f16BitsToF32(new DataView(q.buffer).getUint16(0, true))).toBe(-0.5);
    // 4 / -0.5 = -8 → 0; -2 / -0.5 = 4 → 12.
    expect(q[2] & 0x0f).toBe(0);
    expect(q[3] & 0x0f).toBe(12);
  });
});
