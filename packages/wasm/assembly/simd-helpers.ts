// Small inline helpers shared by the kernels. Every product kernel reduces a (row, token) pair the same way
// (four f32 lanes summed as (l0 + l1) + (l2 + l3), then the scalar tail), whatever tile it runs in, so a
// multi-token forward gives bit-identical rows to one-token decoding.

/** Sums the four lanes of an f32x4 in a fixed order. */
export function sumLanes(v: v128): f32 {
  return (
    f32x4.extract_lane(v, 0) +
    f32x4.extract_lane(v, 1) +
    (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3))
  );
}

/** Scalar dot product of the `from..to` tail of two f32 rows (columns past the last multiple of 4). */
export function tailDot(a: usize, b: usize, from: i32, to: i32): f32 {
  let s: f32 = 0;
  for (let k = from; k < to; k++) {
    s += load<f32>(a + ((<usize>k) << 2)) * load<f32>(b + ((<usize>k) << 2));
  }
  return s;
}

/** Largest |x| of the 32 floats at p (a quantization block). */
export function blockAbsMax(p: usize): f32 {
  let m = f32x4.abs(v128.load(p));
  for (let i = 1; i < 8; i++) m = f32x4.max(m, f32x4.abs(v128.load(p + ((<usize>i) << 4))));
  return max(
    max(f32x4.extract_lane(m, 0), f32x4.extract_lane(m, 1)),
    max(f32x4.extract_lane(m, 2), f32x4.extract_lane(m, 3)),
  );
}

/** round-to-nearest(x * inverse) of 8 floats at p, as 8 i16 lanes (|x * inverse| <= 127 in every caller). */
export function nearestI16(p: usize, inverse: v128): v128 {
  const a = i32x4.trunc_sat_f32x4_s(f32x4.nearest(f32x4.mul(v128.load(p), inverse)));
  const b = i32x4.trunc_sat_f32x4_s(f32x4.nearest(f32x4.mul(v128.load(p, 16), inverse)));
  return i16x8.narrow_i32x4_s(a, b);
}
