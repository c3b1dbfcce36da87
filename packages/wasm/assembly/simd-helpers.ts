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
