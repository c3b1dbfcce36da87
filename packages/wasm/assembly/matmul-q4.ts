import { dotBlock, dotLoaded, lanes4, storeOut, sum1, sum4, xBlock, xScale } from './quantized-blocks';

// 4-bit weights: 16 bytes per block [rows, blocks * 16] (byte j: low nibble = element j, high nibble =
// element j + 16, value = nibble - 8: Q4_0's order, so GGUF blocks repack as they are) and f32 scales.
// Tiles: 1 row x 4 tokens (prefill: each weight block is unpacked once for four tokens) and 4 rows x 1 token
// (decode: each activation block is loaded once for four rows).

// Lane k of the block's 16 bytes read as i16x8 holds byte 2k (bits 0..3: element 2k, bits 4..7: element 2k + 16)
// and byte 2k + 1 (bits 8..11: element 2k + 1, bits 12..15: element 2k + 17). With every nibble xor 8, a nibble
// moved to bits 12..15 (the rest zero) reads as (nibble - 8) * 4096, so four vectors in the activations' order
// (quantize-activations.ts) cost one xor, three shifts and three masks; 1/4096 is folded into the scale.
const Q4_UNIT: f32 = 1.0 / 4096;

function biased(p: usize): v128 {
  return v128.xor(v128.load(p), i8x16.splat(<i8>0x88));
}
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
  const wq = q + <usize>r * <usize>nb * 16;
  const ws = s + ((<usize>r * <usize>nb) << 2);
  let acc = f32x4.splat(0);
  for (let b = 0; b < nb; b++) {
    const v = biased(wq + <usize>b * 16);
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
  const rowBytes = <usize>nb * 16;
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
    const o = <usize>b * 16;
    const so = (<usize>b) << 2;
    const sx = f32x4.splat(xScale(xs, t, nb, b) * Q4_UNIT);
    let v = biased(q0 + o);
    const d0 = dotLoaded(w0Of(v), w1Of(v), w2Of(v), w3Of(v), x0, x1, x2, x3);
    v = biased(q1 + o);
    const d1 = dotLoaded(w0Of(v), w1Of(v), w2Of(v), w3Of(v), x0, x1, x2, x3);
    v = biased(q2 + o);
    const d2 = dotLoaded(w0Of(v), w1Of(v), w2Of(v), w3Of(v), x0, x1, x2, x3);
    v = biased(q3 + o);
    const d3 = dotLoaded(w0Of(v), w1Of(v), w2Of(v), w3Of(v), x0, x1, x2, x3);
    const swA = lanes4(load<f32>(s0 + so), load<f32>(s1 + so), load<f32>(s2 + so), load<f32>(s3 + so));
    accA = f32x4.add(accA, f32x4.mul(f32x4.convert_i32x4_s(sum4(d0, d1, d2, d3)), f32x4.mul(swA, sx)));
    v = biased(q4 + o);
    const d4 = dotLoaded(w0Of(v), w1Of(v), w2Of(v), w3Of(v), x0, x1, x2, x3);
    v = biased(q5 + o);
    const d5 = dotLoaded(w0Of(v), w1Of(v), w2Of(v), w3Of(v), x0, x1, x2, x3);
    v = biased(q6 + o);
    const d6 = dotLoaded(w0Of(v), w1Of(v), w2Of(v), w3Of(v), x0, x1, x2, x3);
    v = biased(q7 + o);
    const d7 = dotLoaded(w0Of(v), w1Of(v), w2Of(v), w3Of(v), x0, x1, x2, x3);
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
  const rowBytes = <usize>nb * 16;
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
    const o = <usize>b * 16;
    const so = (<usize>b) << 2;
    let v = biased(q0 + o);
    const d0 = dotLoaded(w0Of(v), w1Of(v), w2Of(v), w3Of(v), x0, x1, x2, x3);
    v = biased(q1 + o);
    const d1 = dotLoaded(w0Of(v), w1Of(v), w2Of(v), w3Of(v), x0, x1, x2, x3);
    v = biased(q2 + o);
    const d2 = dotLoaded(w0Of(v), w1Of(v), w2Of(v), w3Of(v), x0, x1, x2, x3);
    v = biased(q3 + o);
    const d3 = dotLoaded(w0Of(v), w1Of(v), w2Of(v), w3Of(v), x0, x1, x2, x3);
    const sw = lanes4(load<f32>(s0 + so), load<f32>(s1 + so), load<f32>(s2 + so), load<f32>(s3 + so));
    const scale = f32x4.mul(sw, f32x4.splat(xScale(xs, t, nb, b) * Q4_UNIT));
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
  const wq = q + <usize>r * <usize>nb * 16;
  const ws = s + ((<usize>r * <usize>nb) << 2);
  let acc: f32 = 0;
  for (let b = 0; b < nb; b++) {
    const v = biased(wq + <usize>b * 16);
    const scale = load<f32>(ws + ((<usize>b) << 2)) * (xScale(xs, t, nb, b) * Q4_UNIT);
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
  // Decode: four rows share each activation block.
  for (let t = 0; t < n; t++) {
    let r = rowStart;
    for (; r + 8 <= rowEnd; r += 8) tile8x1(q, s, xq, xs, out, rows, blocks, r, t);
    for (; r + 4 <= rowEnd; r += 4) tile4x1(q, s, xq, xs, out, rows, blocks, r, t);
    for (; r < rowEnd; r++) tile1x1(q, s, xq, xs, out, rows, blocks, r, t);
  }
}
