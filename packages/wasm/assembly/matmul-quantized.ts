import { sumLanes } from './simd-helpers';

// Products of block-quantized weights with activations quantized per token to int8 values held in i16 lanes
// (see quantize-activations.ts). Every block covers 32 columns and has its own f32 scale on both sides:
//   q8 weights: int8 quants [rows, blocks * 32] and f32 scales [rows, blocks];
//   q4 weights: packed nibbles [rows, blocks * 16] (byte j: low nibble = element j, high = element j + 16,
//               value = nibble - 8, the Q4_0 order, so GGUF blocks repack without reshuffling) and f32 scales.
// A block's integer dot product is exact (i32x4.dot_i16x8_s), then scaled by weightScale * activationScale
// and accumulated in f32 lanes in block order; tiles of 1 row x 4 tokens unpack each weight block once.

function dotBlock(w0: v128, w1: v128, w2: v128, w3: v128, xp: usize): v128 {
  let s = i32x4.dot_i16x8_s(w0, v128.load(xp));
  s = i32x4.add(s, i32x4.dot_i16x8_s(w1, v128.load(xp, 16)));
  s = i32x4.add(s, i32x4.dot_i16x8_s(w2, v128.load(xp, 32)));
  return i32x4.add(s, i32x4.dot_i16x8_s(w3, v128.load(xp, 48)));
}

function scaled(acc: v128, isum: v128, scale: f32): v128 {
  return f32x4.add(acc, f32x4.mul(f32x4.convert_i32x4_s(isum), f32x4.splat(scale)));
}

/** Activation block pointer (64 bytes: 32 i16) and scale pointer of token t, block b. */
function xBlock(xq: usize, t: i32, nb: i32, b: i32): usize {
  return xq + ((<usize>t * <usize>nb + <usize>b) << 6);
}

function xScale(xs: usize, t: i32, nb: i32, b: i32): f32 {
  return load<f32>(xs + ((<usize>t * <usize>nb + <usize>b) << 2));
}

function storeOut(out: usize, rows: i32, r: i32, t: i32, value: f32): void {
  store<f32>(out + ((<usize>t * <usize>rows + <usize>r) << 2), value);
}

function rowQ8(
  q: usize,
  s: usize,
  xq: usize,
  xs: usize,
  out: usize,
  rows: i32,
  nb: i32,
  n: i32,
  r: i32,
): void {
  const wq = q + ((<usize>r * <usize>nb) << 5);
  const ws = s + ((<usize>r * <usize>nb) << 2);
  let t = 0;
  for (; t + 4 <= n; t += 4) {
    let a0 = f32x4.splat(0);
    let a1 = f32x4.splat(0);
    let a2 = f32x4.splat(0);
    let a3 = f32x4.splat(0);
    for (let b = 0; b < nb; b++) {
      const wa = v128.load(wq + ((<usize>b) << 5));
      const wb = v128.load(wq + ((<usize>b) << 5), 16);
      const w0 = i16x8.extend_low_i8x16_s(wa);
      const w1 = i16x8.extend_high_i8x16_s(wa);
      const w2 = i16x8.extend_low_i8x16_s(wb);
      const w3 = i16x8.extend_high_i8x16_s(wb);
      const sw = load<f32>(ws + ((<usize>b) << 2));
      a0 = scaled(a0, dotBlock(w0, w1, w2, w3, xBlock(xq, t, nb, b)), sw * xScale(xs, t, nb, b));
      a1 = scaled(a1, dotBlock(w0, w1, w2, w3, xBlock(xq, t + 1, nb, b)), sw * xScale(xs, t + 1, nb, b));
      a2 = scaled(a2, dotBlock(w0, w1, w2, w3, xBlock(xq, t + 2, nb, b)), sw * xScale(xs, t + 2, nb, b));
      a3 = scaled(a3, dotBlock(w0, w1, w2, w3, xBlock(xq, t + 3, nb, b)), sw * xScale(xs, t + 3, nb, b));
    }
    storeOut(out, rows, r, t, sumLanes(a0));
    storeOut(out, rows, r, t + 1, sumLanes(a1));
    storeOut(out, rows, r, t + 2, sumLanes(a2));
    storeOut(out, rows, r, t + 3, sumLanes(a3));
  }
  for (; t < n; t++) {
    let a0 = f32x4.splat(0);
    for (let b = 0; b < nb; b++) {
      const wa = v128.load(wq + ((<usize>b) << 5));
      const wb = v128.load(wq + ((<usize>b) << 5), 16);
      const w0 = i16x8.extend_low_i8x16_s(wa);
      const w1 = i16x8.extend_high_i8x16_s(wa);
      const w2 = i16x8.extend_low_i8x16_s(wb);
      const w3 = i16x8.extend_high_i8x16_s(wb);
      const sw = load<f32>(ws + ((<usize>b) << 2));
      a0 = scaled(a0, dotBlock(w0, w1, w2, w3, xBlock(xq, t, nb, b)), sw * xScale(xs, t, nb, b));
    }
    storeOut(out, rows, r, t, sumLanes(a0));
  }
}

function rowQ4(
  q: usize,
  s: usize,
  xq: usize,
  xs: usize,
  out: usize,
  rows: i32,
  nb: i32,
  n: i32,
  r: i32,
): void {
  const wq = q + ((<usize>r * <usize>nb) << 4);
  const ws = s + ((<usize>r * <usize>nb) << 2);
  const lowMask = i8x16.splat(0x0f);
  const zero = i8x16.splat(8);
  let t = 0;
  for (; t + 4 <= n; t += 4) {
    let a0 = f32x4.splat(0);
    let a1 = f32x4.splat(0);
    let a2 = f32x4.splat(0);
    let a3 = f32x4.splat(0);
    for (let b = 0; b < nb; b++) {
      const packed = v128.load(wq + ((<usize>b) << 4));
      const lo = i8x16.sub(v128.and(packed, lowMask), zero);
      const hi = i8x16.sub(i8x16.shr_u(packed, 4), zero);
      const w0 = i16x8.extend_low_i8x16_s(lo);
      const w1 = i16x8.extend_high_i8x16_s(lo);
      const w2 = i16x8.extend_low_i8x16_s(hi);
      const w3 = i16x8.extend_high_i8x16_s(hi);
      const sw = load<f32>(ws + ((<usize>b) << 2));
      a0 = scaled(a0, dotBlock(w0, w1, w2, w3, xBlock(xq, t, nb, b)), sw * xScale(xs, t, nb, b));
      a1 = scaled(a1, dotBlock(w0, w1, w2, w3, xBlock(xq, t + 1, nb, b)), sw * xScale(xs, t + 1, nb, b));
      a2 = scaled(a2, dotBlock(w0, w1, w2, w3, xBlock(xq, t + 2, nb, b)), sw * xScale(xs, t + 2, nb, b));
      a3 = scaled(a3, dotBlock(w0, w1, w2, w3, xBlock(xq, t + 3, nb, b)), sw * xScale(xs, t + 3, nb, b));
    }
    storeOut(out, rows, r, t, sumLanes(a0));
    storeOut(out, rows, r, t + 1, sumLanes(a1));
    storeOut(out, rows, r, t + 2, sumLanes(a2));
    storeOut(out, rows, r, t + 3, sumLanes(a3));
  }
  for (; t < n; t++) {
    let a0 = f32x4.splat(0);
    for (let b = 0; b < nb; b++) {
      const packed = v128.load(wq + ((<usize>b) << 4));
      const lo = i8x16.sub(v128.and(packed, lowMask), zero);
      const hi = i8x16.sub(i8x16.shr_u(packed, 4), zero);
      const w0 = i16x8.extend_low_i8x16_s(lo);
      const w1 = i16x8.extend_high_i8x16_s(lo);
      const w2 = i16x8.extend_low_i8x16_s(hi);
      const w3 = i16x8.extend_high_i8x16_s(hi);
      const sw = load<f32>(ws + ((<usize>b) << 2));
      a0 = scaled(a0, dotBlock(w0, w1, w2, w3, xBlock(xq, t, nb, b)), sw * xScale(xs, t, nb, b));
    }
    storeOut(out, rows, r, t, sumLanes(a0));
  }
}

/** int8-weight matrix product over rows [rowStart, rowEnd): out [n, rows] f32. */
export function matmulQ8(
  q: usize,
  s: usize,
  xq: usize,
  xs: usize,
  out: usize,
  rows: i32,
  blocks: i32,
  n: i32,
  rowStart: i32,
  rowEnd: i32,
): void {
  for (let r = rowStart; r < rowEnd; r++) rowQ8(q, s, xq, xs, out, rows, blocks, n, r);
}

/** 4-bit-weight matrix product over rows [rowStart, rowEnd): out [n, rows] f32. */
export function matmulQ4(
  q: usize,
  s: usize,
  xq: usize,
  xs: usize,
  out: usize,
  rows: i32,
  blocks: i32,
  n: i32,
  rowStart: i32,
  rowEnd: i32,
): void {
  for (let r = rowStart; r < rowEnd; r++) rowQ4(q, s, xq, xs, out, rows, blocks, n, r);
}
