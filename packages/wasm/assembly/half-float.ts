/** IEEE binary16 bits to f32 (subnormals, infinities and NaN included). */
export function halfToFloat(h: u32): f32 {
  const sign = (h & 0x8000) << 16;
  const exponent = (h >> 10) & 0x1f;
  const mantissa = h & 0x3ff;
  if (exponent === 0) {
    // Zero or subnormal: mantissa * 2^-24.
    const magnitude = <f32>mantissa * 5.9604644775390625e-8;
    return sign ? -magnitude : magnitude;
  }
  if (exponent === 31) return reinterpret<f32>(sign | 0x7f800000 | (mantissa << 13));
  return reinterpret<f32>(sign | ((exponent + 112) << 23) | (mantissa << 13));
}

/** Widens `count` little-endian f16 values at `src` to f32 at `dst`. */
export function convertF16(src: usize, dst: usize, count: i32): void {
  for (let i = 0; i < count; i++) {
    store<f32>(dst + ((<usize>i) << 2), halfToFloat(<u32>load<u16>(src + ((<usize>i) << 1))));
  }
}

/** Widens `count` little-endian bfloat16 values at `src` to f32 at `dst` (bf16 is the top half of an f32). */
export function convertBF16(src: usize, dst: usize, count: i32): void {
  for (let i = 0; i < count; i++) {
    store<u32>(dst + ((<usize>i) << 2), (<u32>load<u16>(src + ((<usize>i) << 1))) << 16);
  }
}
