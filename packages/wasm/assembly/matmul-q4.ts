import { dotBlock, dotLoaded, lanes4, storeOut, sum1, sum4, xBlock, xScale } from './quantized-blocks';
import { blockStep, firstBlock, groupedRows } from './weight-layout';

// 4-bit weights: 16 bytes per block in the row-group layout of weight-layout.ts, and f32 scales. Byte j holds
// element j (low nibble) and element j + 16 (high nibble), Q4_0's order, each stored as a signed 4-bit value
// (Q4_0's nibble xor 8, so GGUF blocks repack with one xor). Tiles: 1 row x 4 tokens (prefill: each weight block
// is unpacked once for four tokens) and 8 rows x 1 token (decode: a row group shares each activation block).

// Lane k of a block's 16 bytes read as i16x8 holds byte 2k (bits 0..3: element 2k, bits 4..7: element 2k + 16)
// and byte 2k + 1 (bits 8..11: element 2k + 1, bits 12..15: element 2k + 17). A signed nibble moved to bits
// 12..15 (the rest zero) reads as value * 4096, so four vectors in the activations' order
// (quantize-activations.ts) cost three shifts and three masks; 1/4096 is folded into the scale.
const Q4_UNIT: f32 = 1.0 / 4096;

function w0Of(v: v128): v128 {
  return i16x8.shl(v, 12);
}
function w1Of(v: v128): v128 {
  return v128.and(i16x8.shl(v, 4), i16x8.splat(<i16>0xf000));
}
function w2Of(v: v128): v128 {
  return v128.and(i16x8.shl(v, 8), i16x8.splat(<i16>0xf000));
}
function w3Of(v: v128): v128 {
  return v128.and(v, i16x8.splat(<i16>0xf000));
}

/** The exact dot product of the weight block at p with the activation block in x0..x3. */
function dotAt(p: usize, x0: v128, x1: v128, x2: v128, x3: v128): v128 {
  const v = v128.load(p);
  return dotLoaded(w0Of(v), w1Of(v), w2Of(v), w3Of(v), x0, x1, x2, x3);
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
    const v = v128.load(q + (i << 4));
    const w0 = w0Of(v);
    const w1 = w1Of(v);
    const w2 = w2Of(v);
    const w3 = w3Of(v);
    const sums = sum4(
      dotBlock(w0, w1, w2, w3, xBlock(xq, t, nb, b)),
      dotBlock(w0, w1, w2, w3, xBlock(xq, t + 1, nb, b)),
      dotBlock(w0, w1, w2, w3, xBlock(xq, t + 2, nb, b)),
      dotBlock(w0, w1, w2, w3, xBlock(xq, t + 3, nb, b)),
    );
    const sx = lanes4(
      xScale(xs, t, nb, b) * Q4_UNIT,
      xScale(xs, t + 1, nb, b) * Q4_UNIT,
      xScale(xs, t + 2, nb, b) * Q4_UNIT,
      xScale(xs, t + 3, nb, b) * Q4_UNIT,
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
  let p = q + (first << 4);
  let ps = s + (first << 2);
  let accA = f32x4.splat(0);
  let accB = f32x4.splat(0);
  for (let b = 0; b < nb; b++) {
    const xp = xBlock(xq, t, nb, b);
    const x0 = v128.load(xp);
    const x1 = v128.load(xp, 16);
    const x2 = v128.load(xp, 32);
    const x3 = v128.load(xp, 48);
    const sx = f32x4.splat(xScale(xs, t, nb, b) * Q4_UNIT);
    const d0 = dotAt(p, x0, x1, x2, x3);
    const d1 = dotAt(p + 16, x0, x1, x2, x3);
    const d2 = dotAt(p + 32, x0, x1, x2, x3);
    const d3 = dotAt(p + 48, x0, x1, x2, x3);
    accA = f32x4.add(
      accA,
      f32x4.mul(f32x4.convert_i32x4_s(sum4(d0, d1, d2, d3)), f32x4.mul(v128.load(ps), sx)),
    );
    const d4 = dotAt(p + 64, x0, x1, x2, x3);
    const d5 = dotAt(p + 80, x0, x1, x2, x3);
    const d6 = dotAt(p + 96, x0, x1, x2, x3);
    const d7 = dotAt(p + 112, x0, x1, x2, x3);
    accB = f32x4.add(
      accB,
      f32x4.mul(f32x4.convert_i32x4_s(sum4(d4, d5, d6, d7)), f32x4.mul(v128.load(ps, 16), sx)),
    );
    p += 128;
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
    const v = v128.load(q + (i << 4));
    const scale = load<f32>(s + (i << 2)) * (xScale(xs, t, nb, b) * Q4_UNIT);
    acc += <f32>sum1(dotBlock(w0Of(v), w1Of(v), w2Of(v), w3Of(v), xBlock(xq, t, nb, b))) * scale;
  }
  storeOut(out, rows, r, t, acc);
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
