import { dotBlock, dotLoaded, lanes4, storeOut, sum1, sum4 } from './quantized-blocks';
import { blockStep, firstBlock, groupedRows } from './weight-layout';

// Products of quantized weights (row groups, weight-layout.ts) with int8 activations (quantize-activations.ts).
// Both formats share the code: the type parameter W is the weights' storage type, i8 for int8 (32 bytes per block)
// and u8 for 4-bit (16 bytes per block; byte j holds element j in its low nibble and element j + 16 in its high
// one, Q4_0's order, each stored as a signed 4-bit value: Q4_0's nibble xor 8). Each function is compiled once per
// format, so `isSigned<W>()` is settled at compile time.
// Tiles: 1 row x 4 tokens (prefill: each weight block is unpacked once for four tokens) and 8 rows x 1 token
// (decode: a row group shares each activation block).

// Unpacking: lane k of 16 weight bytes read as i16x8 holds bytes 2k and 2k + 1. int8: each 16-byte half gives two
// vectors, the even bytes shifted up and the odd bytes masked, each weight reading as value * 256. 4-bit: the one
// 16-byte load gives four vectors, each signed nibble moved to bits 12..15 with the rest zero, reading as
// value * 4096. Either way the vectors come out in the activations' order, and 1/256 or 1/4096 is folded into the
// scale (exact: a power of two).

function blockBytes<W>(): usize {
  return isSigned<W>() ? 32 : 16;
}

/** The factor unpacked weights carry, undone in the scale. */
function unit<W>(): f32 {
  return isSigned<W>() ? <f32>1.0 / 256 : <f32>1.0 / 4096;
}

function w0Of<W>(p: usize): v128 {
  return isSigned<W>() ? i16x8.shl(v128.load(p), 8) : i16x8.shl(v128.load(p), 12);
}
function w1Of<W>(p: usize): v128 {
  if (isSigned<W>()) return v128.and(v128.load(p), i16x8.splat(<i16>0xff00));
  return v128.and(i16x8.shl(v128.load(p), 4), i16x8.splat(<i16>0xf000));
}
function w2Of<W>(p: usize): v128 {
  if (isSigned<W>()) return i16x8.shl(v128.load(p, 16), 8);
  return v128.and(i16x8.shl(v128.load(p), 8), i16x8.splat(<i16>0xf000));
}
function w3Of<W>(p: usize): v128 {
  if (isSigned<W>()) return v128.and(v128.load(p, 16), i16x8.splat(<i16>0xff00));
  return v128.and(v128.load(p), i16x8.splat(<i16>0xf000));
}

/** The exact dot product of the weight block at p with the activation block in x0..x3. */
function dotAt<W>(p: usize, x0: v128, x1: v128, x2: v128, x3: v128): v128 {
  return dotLoaded(w0Of<W>(p), w1Of<W>(p), w2Of<W>(p), w3Of<W>(p), x0, x1, x2, x3);
}

// Every (row, token) result is the f32 sum, in block order, of f32(exact block sum) * (weightScale *
// activationScale): one lane per row (decode) or per token (prefill), or a scalar (tile1x1), all rounding alike.
// Activations are [n, nb] blocks of 64 bytes (32 i16) with scales [n, nb] f32.

function tile1x4<W>(
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
  // Token t's activation block b is at x0 + b * 64; tokens t + 1.. follow every nb * 64 bytes.
  const tokenBytes = (<usize>nb) << 6;
  let x0 = xq + <usize>t * tokenBytes;
  let s0 = xs + ((<usize>t * <usize>nb) << 2);
  const scaleStride = (<usize>nb) << 2;
  let acc = f32x4.splat(0);
  for (let b = 0; b < nb; b++) {
    const i = first + <usize>b * step;
    const p = q + i * blockBytes<W>();
    const w0 = w0Of<W>(p);
    const w1 = w1Of<W>(p);
    const w2 = w2Of<W>(p);
    const w3 = w3Of<W>(p);
    const sums = sum4(
      dotBlock(w0, w1, w2, w3, x0),
      dotBlock(w0, w1, w2, w3, x0 + tokenBytes),
      dotBlock(w0, w1, w2, w3, x0 + tokenBytes * 2),
      dotBlock(w0, w1, w2, w3, x0 + tokenBytes * 3),
    );
    const sx = lanes4(
      load<f32>(s0) * unit<W>(),
      load<f32>(s0 + scaleStride) * unit<W>(),
      load<f32>(s0 + scaleStride * 2) * unit<W>(),
      load<f32>(s0 + scaleStride * 3) * unit<W>(),
    );
    const scale = f32x4.mul(f32x4.splat(load<f32>(s + (i << 2))), sx);
    acc = f32x4.add(acc, f32x4.mul(f32x4.convert_i32x4_s(sums), scale));
    x0 += 64;
    s0 += 4;
  }
  storeOut(out, rows, r, t, f32x4.extract_lane(acc, 0));
  storeOut(out, rows, r, t + 1, f32x4.extract_lane(acc, 1));
  storeOut(out, rows, r, t + 2, f32x4.extract_lane(acc, 2));
  storeOut(out, rows, r, t + 3, f32x4.extract_lane(acc, 3));
}

/** Rows r..r + 7 (one whole group: r a multiple of 8 below groupedRows) of token t. */
function tile8x1<W>(
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
  const bytes = blockBytes<W>();
  let p = q + first * bytes;
  let ps = s + (first << 2);
  let xp = xq + ((<usize>t * <usize>nb) << 6);
  let sp = xs + ((<usize>t * <usize>nb) << 2);
  let accA = f32x4.splat(0);
  let accB = f32x4.splat(0);
  for (let b = 0; b < nb; b++) {
    const x0 = v128.load(xp);
    const x1 = v128.load(xp, 16);
    const x2 = v128.load(xp, 32);
    const x3 = v128.load(xp, 48);
    const sx = f32x4.splat(load<f32>(sp) * unit<W>());
    const d0 = dotAt<W>(p, x0, x1, x2, x3);
    const d1 = dotAt<W>(p + bytes, x0, x1, x2, x3);
    const d2 = dotAt<W>(p + bytes * 2, x0, x1, x2, x3);
    const d3 = dotAt<W>(p + bytes * 3, x0, x1, x2, x3);
    accA = f32x4.add(
      accA,
      f32x4.mul(f32x4.convert_i32x4_s(sum4(d0, d1, d2, d3)), f32x4.mul(v128.load(ps), sx)),
    );
    const d4 = dotAt<W>(p + bytes * 4, x0, x1, x2, x3);
    const d5 = dotAt<W>(p + bytes * 5, x0, x1, x2, x3);
    const d6 = dotAt<W>(p + bytes * 6, x0, x1, x2, x3);
    const d7 = dotAt<W>(p + bytes * 7, x0, x1, x2, x3);
    accB = f32x4.add(
      accB,
      f32x4.mul(f32x4.convert_i32x4_s(sum4(d4, d5, d6, d7)), f32x4.mul(v128.load(ps, 16), sx)),
    );
    p += bytes * 8;
    ps += 32;
    xp += 64;
    sp += 4;
  }
  // Rows r..r + 7 of token t are adjacent in the [n, rows] output.
  const dst = out + ((<usize>t * <usize>rows + <usize>r) << 2);
  v128.store(dst, accA);
  v128.store(dst, accB, 16);
}

function tile1x1<W>(
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
  let xp = xq + ((<usize>t * <usize>nb) << 6);
  let sp = xs + ((<usize>t * <usize>nb) << 2);
  let acc: f32 = 0;
  for (let b = 0; b < nb; b++) {
    const i = first + <usize>b * step;
    const p = q + i * blockBytes<W>();
    const scale = load<f32>(s + (i << 2)) * (load<f32>(sp) * unit<W>());
    acc += <f32>sum1(dotBlock(w0Of<W>(p), w1Of<W>(p), w2Of<W>(p), w3Of<W>(p), xp)) * scale;
    xp += 64;
    sp += 4;
  }
  storeOut(out, rows, r, t, acc);
}

/** out [n, rows] f32 over rows [rowStart, rowEnd) = quantized weights times quantized activations. */
function matmul<W>(
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
      for (let t = 0; t < t4; t += 4) tile1x4<W>(q, s, xq, xs, out, rows, blocks, r, t);
      for (let t = t4; t < n; t++) tile1x1<W>(q, s, xq, xs, out, rows, blocks, r, t);
    }
    return;
  }
  // Decode: whole row groups take the 8-row tile; a range that starts or ends inside a group, and the
  // row-major tail, go row by row.
  const grouped = groupedRows(rows);
  for (let t = 0; t < n; t++) {
    let r = rowStart;
    for (; r < rowEnd && (r & 7) !== 0; r++) tile1x1<W>(q, s, xq, xs, out, rows, blocks, r, t);
    for (; r + 8 <= rowEnd && r + 8 <= grouped; r += 8) tile8x1<W>(q, s, xq, xs, out, rows, blocks, r, t);
    for (; r < rowEnd; r++) tile1x1<W>(q, s, xq, xs, out, rows, blocks, r, t);
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
  matmul<i8>(q, s, xq, xs, out, rows, blocks, n, rowStart, rowEnd);
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
  matmul<u8>(q, s, xq, xs, out, rows, blocks, n, rowStart, rowEnd);
}
