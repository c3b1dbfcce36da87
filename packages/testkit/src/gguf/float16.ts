const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/**
 * The IEEE-754 binary16 bits of `value`, rounded to nearest even (what ggml's `GGML_FP32_TO_FP16` does, in
 * hardware or in its bit-twiddling fallback); overflow becomes infinity, tiny values subnormals or zero.
 */
export function f32ToF16Bits(value: number): number {
  f32[0] = value;
  const x = u32[0];
  const sign = (x >>> 16) & 0x8000;
  const exponent = (x >>> 23) & 0xff;
  let mantissa = x & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa ? 0x200 : 0);
  const e = exponent - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mantissa |= 0x800000;
    const shift = 14 - e;
    return sign | roundShift(mantissa, shift);
  }
  // A carry out of the mantissa correctly bumps the exponent (and the largest values up to infinity).
  return sign | ((e << 10) + roundShift(mantissa, 13));
}

/** `value >> shift`, rounded to nearest even. */
function roundShift(value: number, shift: number): number {
  const kept = value >>> shift;
  const rest = value - kept * 2 ** shift;
  const halfway = 2 ** (shift - 1);
  return rest > halfway || (rest === halfway && (kept & 1) === 1) ? kept + 1 : kept;
}

/** binary16 bits back to a number (for dequantizing in tests). */
export function f16BitsToF32(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}
