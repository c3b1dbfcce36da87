import { dotBlock, dotLoaded, lanes4, storeOut, sum1, sum4, xBlock, xScale } from './quantized-blocks';

// int8 weights: quants [rows, blocks * 32] and f32 scales [rows, blocks], times int8 activations.
// Tiles: 1 row x 4 tokens (prefill: each weight block is unpacked once for four tokens) and 4 rows x 1 token
// (decode: each activation block is loaded once for four rows).

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
  const wq = q + <usize>r * <usize>nb * 32;
  const ws = s + ((<usize>r * <usize>nb) << 2);
  let acc = f32x4.splat(0);
  for (let b = 0; b < nb; b++) {
    const p = wq + <usize>b * 32;
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
    const scale = f32x4.mul(f32x4.splat(load<f32>(ws + ((<usize>b) << 2))), sx);
    acc = f32x4.add(acc, f32x4.mul(f32x4.convert_i32x4_s(sums), scale));
  }
  storeOut(out, rows, r, t, f32x4.extract_lane(acc, 0));
  storeOut(out, rows, r, t + 1, f32x4.extract_lane(acc, 1));
  storeOut(out, rows, r, t + 2, f32x4.extract_lane(acc, 2));
  storeOut(out, rows, r, t + 3, f32x4.extract_lane(acc, 3));
}

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
  const rowBytes = <usize>nb * 32;
  const rowScales = (<usize>nb) << 2;
  const q0 = q + <usize>r * rowBytes;
  const q1 = q0 + rowBytes;
  const q2 = q1 + rowBytes;
  const q3 = q2 + rowBytes;
  const q4 = q3 + rowBytes;
  const q5 = q4 + rowBytes;
  const q6 = q5 + rowBytes;
  const q7 = q6 + rowBytes;
  const s0 = s + ((<usize>r * <usize>nb) << 2);
  const s1 = s0 + rowScales;
  const s2 = s1 + rowScales;
  const s3 = s2 + rowScales;
  const s4 = s3 + rowScales;
  const s5 = s4 + rowScales;
  const s6 = s5 + rowScales;
  const s7 = s6 + rowScales;
  let accA = f32x4.splat(0);
  let accB = f32x4.splat(0);
  for (let b = 0; b < nb; b++) {
    const xp = xBlock(xq, t, nb, b);
    const x0 = v128.load(xp);
    const x1 = v128.load(xp, 16);
    const x2 = v128.load(xp, 32);
    const x3 = v128.load(xp, 48);
    const o = <usize>b * 32;
    const so = (<usize>b) << 2;
    const sx = f32x4.splat(xScale(xs, t, nb, b) * Q8_UNIT);
    const d0 = dotLoaded(w0Of(q0 + o), w1Of(q0 + o), w2Of(q0 + o), w3Of(q0 + o), x0, x1, x2, x3);
    const d1 = dotLoaded(w0Of(q1 + o), w1Of(q1 + o), w2Of(q1 + o), w3Of(q1 + o), x0, x1, x2, x3);
    const d2 = dotLoaded(w0Of(q2 + o), w1Of(q2 + o), w2Of(q2 + o), w3Of(q2 + o), x0, x1, x2, x3);
    const d3 = dotLoaded(w0Of(q3 + o), w1Of(q3 + o), w2Of(q3 + o), w3Of(q3 + o), x0, x1, x2, x3);
    const swA = lanes4(load<f32>(s0 + so), load<f32>(s1 + so), load<f32>(s2 + so), load<f32>(s3 + so));
    accA = f32x4.add(accA, f32x4.mul(f32x4.convert_i32x4_s(sum4(d0, d1, d2, d3)), f32x4.mul(swA, sx)));
    const d4 = dotLoaded(w0Of(q4 + o), w1Of(q4 + o), w2Of(q4 + o), w3Of(q4 + o), x0, x1, x2, x3);
    const d5 = dotLoaded(w0Of(q5 + o), w1Of(q5 + o), w2Of(q5 + o), w3Of(q5 + o), x0, x1, x2, x3);
    const d6 = dotLoaded(w0Of(q6 + o), w1Of(q6 + o), w2Of(q6 + o), w3Of(q6 + o), x0, x1, x2, x3);
    const d7 = dotLoaded(w0Of(q7 + o), w1Of(q7 + o), w2Of(q7 + o), w3Of(q7 + o), x0, x1, x2, x3);
    const swB = lanes4(load<f32>(s4 + so), load<f32>(s5 + so), load<f32>(s6 + so), load<f32>(s7 + so));
    accB = f32x4.add(accB, f32x4.mul(f32x4.convert_i32x4_s(sum4(d4, d5, d6, d7)), f32x4.mul(swB, sx)));
  }
  const dst = out + ((<usize>t * <usize>rows + <usize>r) << 2);
  v128.store(dst, accA);
  v128.store(dst, accB, 16);
}

function tile4x1(
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
  const rowBytes = <usize>nb * 32;
  const q0 = q + <usize>r * rowBytes;
  const q1 = q0 + rowBytes;
  const q2 = q1 + rowBytes;
  const q3 = q2 + rowBytes;
  const s0 = s + ((<usize>r * <usize>nb) << 2);
  const s1 = s0 + ((<usize>nb) << 2);
  const s2 = s1 + ((<usize>nb) << 2);
  const s3 = s2 + ((<usize>nb) << 2);
  let acc = f32x4.splat(0);
  for (let b = 0; b < nb; b++) {
    const xp = xBlock(xq, t, nb, b);
    const x0 = v128.load(xp);
    const x1 = v128.load(xp, 16);
    const x2 = v128.load(xp, 32);
    const x3 = v128.load(xp, 48);
    const o = <usize>b * 32;
    const so = (<usize>b) << 2;
    const d0 = dotLoaded(w0Of(q0 + o), w1Of(q0 + o), w2Of(q0 + o), w3Of(q0 + o), x0, x1, x2, x3);
    const d1 = dotLoaded(w0Of(q1 + o), w1Of(q1 + o), w2Of(q1 + o), w3Of(q1 + o), x0, x1, x2, x3);
    const d2 = dotLoaded(w0Of(q2 + o), w1Of(q2 + o), w2Of(q2 + o), w3Of(q2 + o), x0, x1, x2, x3);
    const d3 = dotLoaded(w0Of(q3 + o), w1Of(q3 + o), w2Of(q3 + o), w3Of(q3 + o), x0, x1, x2, x3);
    const sw = lanes4(load<f32>(s0 + so), load<f32>(s1 + so), load<f32>(s2 + so), load<f32>(s3 + so));
    const scale = f32x4.mul(sw, f32x4.splat(xScale(xs, t, nb, b) * Q8_UNIT));
    acc = f32x4.add(acc, f32x4.mul(f32x4.convert_i32x4_s(sum4(d0, d1, d2, d3)), scale));
  }
  // Rows r..r + 3 of token t are adjacent in the [n, rows] output.
  v128.store(out + ((<usize>t * <usize>rows + <usize>r) << 2), acc);
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
  const wq = q + <usize>r * <usize>nb * 32;
  const ws = s + ((<usize>r * <usize>nb) << 2);
  let acc: f32 = 0;
  for (let b = 0; b < nb; b++) {
    const p = wq + <usize>b * 32;
    const scale = load<f32>(ws + ((<usize>b) << 2)) * (xScale(xs, t, nb, b) * Q8_UNIT);
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
  // Decode: four rows share each activation block.
  for (let t = 0; t < n; t++) {
    let r = rowStart;
    for (; r + 8 <= rowEnd; r += 8) tile8x1(q, s, xq, xs, out, rows, blocks, r, t);
    for (; r + 4 <= rowEnd; r += 4) tile4x1(q, s, xq, xs, out, rows, blocks, r, t);
    for (; r < rowEnd; r++) tile1x1(q, s, xq, xs, out, rows, blocks, r, t);
  }
}
