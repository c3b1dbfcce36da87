import { dotBlock, dotLoaded, lanes4, storeOut, sum1, sum4, xBlock, xScale } from './quantized-blocks';
import { blockStep, firstBlock, groupedRows } from './weight-layout';

// int8 weights: 32 bytes per block in the row-group layout of weight-layout.ts, and f32 scales, times int8
// activations. Tiles: 1 row x 4 tokens (prefill: each weight block is unpacked once for four tokens) and 8 rows x
// 1 token (decode: a row group shares each activation block).

// A q8 block is 32 int8 values; lane k of each 16-byte half read as i16x8 holds bytes 2k (low) and 2k + 1
// (high). Shifted up (even) or masked (odd), each weight reads as value * 256 in the activations' order
// (quantize-activations.ts); 1/256 is folded into the scale.
const Q8_UNIT: f32 = 1.0 / 256;

function w0Of(p: usize): v128 {
  return i16x8.shl(v128.load(p), 8);
}
function w1Of(p: usize): v128 {
  return v128.and(v128.load(p), i16x8.splat(<i16>0xff00));
}
function w2Of(p: usize): v128 {
  return i16x8.shl(v128.load(p, 16), 8);
}
function w3Of(p: usize): v128 {
  return v128.and(v128.load(p, 16), i16x8.splat(<i16>0xff00));
}

/** The exact dot product of the weight block at p with the activation block in x0..x3. */
function dotAt(p: usize, x0: v128, x1: v128, x2: v128, x3: v128): v128 {
  return dotLoaded(w0Of(p), w1Of(p), w2Of(p), w3Of(p), x0, x1, x2, x3);
}

// Every (row, token) result is the f32 sum, in block order, of f32(exact block sum) * (weightScale *
// activationScale): one lane per row (decode) or per token (prefill), or a scalar (tile1x1), all rounding alike.

function tile1x4(
  q: usize,
  s: usize,
  xq: usize,
  xs: usize,
  out: usize,
  rows: i32,
  nb: i32,
  r: i32,
  t: i32,
): void {
  const first = firstBlock(r, nb, rows);
  const step = blockStep(r, rows);
  let acc = f32x4.splat(0);
  for (let b = 0; b < nb; b++) {
    const i = first + <usize>b * step;
    const p = q + (i << 5);
    const w0 = w0Of(p);
    const w1 = w1Of(p);
    const w2 = w2Of(p);
    const w3 = w3Of(p);
    const sums = sum4(
      dotBlock(w0, w1, w2, w3, xBlock(xq, t, nb, b)),
      dotBlock(w0, w1, w2, w3, xBlock(xq, t + 1, nb, b)),
      dotBlock(w0, w1, w2, w3, xBlock(xq, t + 2, nb, b)),
      dotBlock(w0, w1, w2, w3, xBlock(xq, t + 3, nb, b)),
    );
    const sx = lanes4(
      xScale(xs, t, nb, b) * Q8_UNIT,
      xScale(xs, t + 1, nb, b) * Q8_UNIT,
      xScale(xs, t + 2, nb, b) * Q8_UNIT,
      xScale(xs, t + 3, nb, b) * Q8_UNIT,
    );
    const scale = f32x4.mul(f32x4.splat(load<f32>(s + (i << 2))), sx);
    acc = f32x4.add(acc, f32x4.mul(f32x4.convert_i32x4_s(sums), scale));
  }
  storeOut(out, rows, r, t, f32x4.extract_lane(acc, 0));
  storeOut(out, rows, r, t + 1, f32x4.extract_lane(acc, 1));
  storeOut(out, rows, r, t + 2, f32x4.extract_lane(acc, 2));
  storeOut(out, rows, r, t + 3, f32x4.extract_lane(acc, 3));
}

/** Rows r..r + 7 (one whole group: r a multiple of 8 below groupedRows) of token t. */
function tile8x1(
  q: usize,
  s: usize,
  xq: usize,
  xs: usize,
  out: usize,
  rows: i32,
  nb: i32,
  r: i32,
  t: i32,
): void {
  const first = firstBlock(r, nb, rows);
  let p = q + (first << 5);
  let ps = s + (first << 2);
  let accA = f32x4.splat(0);
  let accB = f32x4.splat(0);
  for (let b = 0; b < nb; b++) {
    const xp = xBlock(xq, t, nb, b);
    const x0 = v128.load(xp);
    const x1 = v128.load(xp, 16);
    const x2 = v128.load(xp, 32);
    const x3 = v128.load(xp, 48);
    const sx = f32x4.splat(xScale(xs, t, nb, b) * Q8_UNIT);
    const d0 = dotAt(p, x0, x1, x2, x3);
    const d1 = dotAt(p + 32, x0, x1, x2, x3);
    const d2 = dotAt(p + 64, x0, x1, x2, x3);
    const d3 = dotAt(p + 96, x0, x1, x2, x3);
    accA = f32x4.add(
      accA,
      f32x4.mul(f32x4.convert_i32x4_s(sum4(d0, d1, d2, d3)), f32x4.mul(v128.load(ps), sx)),
    );
    const d4 = dotAt(p + 128, x0, x1, x2, x3);
    const d5 = dotAt(p + 160, x0, x1, x2, x3);
    const d6 = dotAt(p + 192, x0, x1, x2, x3);
    const d7 = dotAt(p + 224, x0, x1, x2, x3);
    accB = f32x4.add(
      accB,
      f32x4.mul(f32x4.convert_i32x4_s(sum4(d4, d5, d6, d7)), f32x4.mul(v128.load(ps, 16), sx)),
    );
    p += 256;
    ps += 32;
  }
  // Rows r..r + 7 of token t are adjacent in the [n, rows] output.
  const dst = out + ((<usize>t * <usize>rows + <usize>r) << 2);
  v128.store(dst, accA);
  v128.store(dst, accB, 16);
}

function tile1x1(
  q: usize,
  s: usize,
  xq: usize,
  xs: usize,
  out: usize,
  rows: i32,
  nb: i32,
  r: i32,
  t: i32,
): void {
  const first = firstBlock(r, nb, rows);
  const step = blockStep(r, rows);
  let acc: f32 = 0;
  for (let b = 0; b < nb; b++) {
    const i = first + <usize>b * step;
    const p = q + (i << 5);
    const scale = load<f32>(s + (i << 2)) * (xScale(xs, t, nb, b) * Q8_UNIT);
    acc += <f32>sum1(dotBlock(w0Of(p), w1Of(p), w2Of(p), w3Of(p), xBlock(xq, t, nb, b))) * scale;
  }
  storeOut(out, rows, r, t, acc);
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
  const t4 = n & ~3;
  if (t4 > 0) {
    // Prefill: rows outer, so each weight row is unpacked from memory once for every token.
    for (let r = rowStart; r < rowEnd; r++) {
      for (let t = 0; t < t4; t += 4) tile1x4(q, s, xq, xs, out, rows, blocks, r, t);
      for (let t = t4; t < n; t++) tile1x1(q, s, xq, xs, out, rows, blocks, r, t);
    }
    return;
  }
  // Decode: whole row groups take the 8-row tile; a range that starts or ends inside a group, and the
  // row-major tail, go row by row.
  const grouped = groupedRows(rows);
  for (let t = 0; t < n; t++) {
    let r = rowStart;
    for (; r < rowEnd && (r & 7) !== 0; r++) tile1x1(q, s, xq, xs, out, rows, blocks, r, t);
    for (; r + 8 <= rowEnd && r + 8 <= grouped; r += 8) tile8x1(q, s, xq, xs, out, rows, blocks, r, t);
    for (; r < rowEnd; r++) tile1x1(q, s, xq, xs, out, rows, blocks, r, t);
  }
}
