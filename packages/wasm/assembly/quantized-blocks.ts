// Shared pieces of the quantized products (matmul-quantized.ts). Activations are stored as i16 in the
// order of quantize-activations.ts (per block: even elements of 0..15, odd ones, even of 16..31, odd ones), so a
// weight block unpacks into four i16x8 vectors with a few lane-wise shifts and masks, no widening shuffles.
// The unpacked weights carry a power-of-two factor (q8: 256, q4: 4096) that is folded into the activation scale
// (exact: scaling by a power of two commutes with rounding), so results equal the unscaled products bit for bit.
// A block's integer dot product is exact; it is scaled by weightScale * activationScale and added to f32 lanes
// in block order, the same way in every tile, so each (row, token) result has the same bits in any tile.

/** The exact integer dot product of a weight block (w0..w3) with the activation block at xp, as i32x4 lanes. */
export function dotBlock(w0: v128, w1: v128, w2: v128, w3: v128, xp: usize): v128 {
  let s = i32x4.dot_i16x8_s(w0, v128.load(xp));
  s = i32x4.add(s, i32x4.dot_i16x8_s(w1, v128.load(xp, 16)));
  s = i32x4.add(s, i32x4.dot_i16x8_s(w2, v128.load(xp, 32)));
  return i32x4.add(s, i32x4.dot_i16x8_s(w3, v128.load(xp, 48)));
}

/** The same exact dot product with the activation block already in registers (shared by several rows). */
export function dotLoaded(
  w0: v128,
  w1: v128,
  w2: v128,
  w3: v128,
  x0: v128,
  x1: v128,
  x2: v128,
  x3: v128,
): v128 {
  let s = i32x4.dot_i16x8_s(w0, x0);
  s = i32x4.add(s, i32x4.dot_i16x8_s(w1, x1));
  s = i32x4.add(s, i32x4.dot_i16x8_s(w2, x2));
  return i32x4.add(s, i32x4.dot_i16x8_s(w3, x3));
}

/** Stores out[t, r] of an [n, rows] output. */
export function storeOut(out: usize, rows: i32, r: i32, t: i32, value: f32): void {
  store<f32>(out + ((<usize>t * <usize>rows + <usize>r) << 2), value);
}

/** [sum of a's lanes, b's, c's, d's]: four exact block sums side by side. */
export function sum4(a: v128, b: v128, c: v128, d: v128): v128 {
  const ab = i32x4.add(v128.shuffle<i32>(a, b, 0, 2, 4, 6), v128.shuffle<i32>(a, b, 1, 3, 5, 7));
  const cd = i32x4.add(v128.shuffle<i32>(c, d, 0, 2, 4, 6), v128.shuffle<i32>(c, d, 1, 3, 5, 7));
  return i32x4.add(v128.shuffle<i32>(ab, cd, 0, 2, 4, 6), v128.shuffle<i32>(ab, cd, 1, 3, 5, 7));
}

/** The exact sum of one block's lanes. */
export function sum1(a: v128): i32 {
  return (
    i32x4.extract_lane(a, 0) + i32x4.extract_lane(a, 1) + i32x4.extract_lane(a, 2) + i32x4.extract_lane(a, 3)
  );
}

/** Four f32 values as lanes. */
export function lanes4(a: f32, b: f32, c: f32, d: f32): v128 {
  return f32x4.replace_lane(f32x4.replace_lane(f32x4.replace_lane(f32x4.splat(a), 1, b), 2, c), 3, d);
}
