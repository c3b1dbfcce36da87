import { describe, expect, it } from 'vitest';
import { decodeBF16, decodeF16 } from '../../src/formats/index.js';

describe('decodeF16 / decodeBF16', () => {
  it('decodes normal, subnormal, signed and special values', () => {
    const halves = [0x3c00, 0xc000, 0x0001, 0x7bff, 0x7c00, 0x0000, 0x8000, 0x3555];
    const bytes = new Uint8Array(new Uint16Array(halves).buffer);
    const decoded = [...decodeF16(bytes)];
    expect(decoded.slice(0, 6)).toEqual([1, -2, 2 ** -24, 65504, Number.POSITIVE_INFINITY, 0]);
    expect(Object.is(decoded[6], -0)).toBe(true);
    expect(decoded[7]).toBeCloseTo(1 / 3, 3);
    expect(Number.isNaN(decodeF16(new Uint8Array([0x01, 0x7e]))[0])).toBe(true);
  });
});

describe('decodeBF16', () => {
  it('is the top half of a float32', () => {
    const f = new Float32Array([1.5, -3.25, 1e-30]);
    const words = new Uint16Array(new Uint32Array(f.buffer).map((w) => w >>> 16));
    expect([...decodeBF16(new Uint8Array(words.buffer))]).toEqual([1.5, -3.25, expect.closeTo(1e-30, 31)]);
  });
});
