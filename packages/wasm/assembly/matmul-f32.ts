import { f32ChunkStep, f32GroupedRows, f32RowStart, f32TailBase } from './f32-layout';
import { sumLanes, tailDot } from './simd-helpers';

// out[t * rows + r] = dot(w[r, :], x[t, :]) for r in [rowStart, rowEnd) and every token t in [0, n).
// Weights are [rows, cols] f32 in the row-group layout of f32-layout.ts, activations [n, cols] f32 row-major.
// A row group is read as one stream: 4 rows x 2 tokens for several tokens (prefill), 4 rows x 1 token for one
// (decode). Every tile keeps a row's four lanes in the same order, so each (row, token) has the same bits in any.

function mac(acc: v128, w: v128, x: v128): v128 {
  return f32x4.add(acc, f32x4.mul(w, x));
}

function store1(out: usize, rows: i32, r: i32, t: i32, value: f32): void {
  store<f32>(out + ((<usize>t * <usize>rows + <usize>r) << 2), value);
}

/** Row r's dot product tail (columns past the last multiple of 4) with the activations at xt. */
function rowTail(w: usize, r: i32, rows: i32, cols: i32, xt: usize): f32 {
  if ((cols & 3) === 0) return 0;
  return tailDot(f32TailBase(w, r, rows, cols), xt, cols & ~3, cols);
}

function tile1x4(w: usize, x: usize, out: usize, rows: i32, cols: i32, r: i32, t: i32): void {
  const rowBytes = (<usize>cols) << 2;
  let p = f32RowStart(w, r, rows, cols);
  const step = f32ChunkStep(r, rows);
  const x0 = x + <usize>t * rowBytes;
  const x1 = x0 + rowBytes;
  const x2 = x1 + rowBytes;
  const x3 = x2 + rowBytes;
  const k4 = cols & ~3;
  let a0 = f32x4.splat(0);
  let a1 = f32x4.splat(0);
  let a2 = f32x4.splat(0);
  let a3 = f32x4.splat(0);
  for (let k = 0; k < k4; k += 4) {
    const o = (<usize>k) << 2;
    const wa = v128.load(p);
    a0 = mac(a0, wa, v128.load(x0 + o));
    a1 = mac(a1, wa, v128.load(x1 + o));
    a2 = mac(a2, wa, v128.load(x2 + o));
    a3 = mac(a3, wa, v128.load(x3 + o));
    p += step;
  }
  store1(out, rows, r, t, sumLanes(a0) + rowTail(w, r, rows, cols, x0));
  store1(out, rows, r, t + 1, sumLanes(a1) + rowTail(w, r, rows, cols, x1));
  store1(out, rows, r, t + 2, sumLanes(a2) + rowTail(w, r, rows, cols, x2));
  store1(out, rows, r, t + 3, sumLanes(a3) + rowTail(w, r, rows, cols, x3));
}

/** Rows r..r + 3 (one whole group: r a multiple of 4 below f32GroupedRows) of token t. */
function tile4x1(w: usize, x: usize, out: usize, rows: i32, cols: i32, r: i32, t: i32): void {
  let p = f32RowStart(w, r, rows, cols);
  const x0 = x + ((<usize>t * <usize>cols) << 2);
  const k4 = cols & ~3;
  let a0 = f32x4.splat(0);
  let a1 = f32x4.splat(0);
  let a2 = f32x4.splat(0);
  let a3 = f32x4.splat(0);
  for (let k = 0; k < k4; k += 4) {
    const v = v128.load(x0 + ((<usize>k) << 2));
    a0 = mac(a0, v128.load(p), v);
    a1 = mac(a1, v128.load(p, 16), v);
    a2 = mac(a2, v128.load(p, 32), v);
    a3 = mac(a3, v128.load(p, 48), v);
    p += 64;
  }
  store1(out, rows, r, t, sumLanes(a0) + rowTail(w, r, rows, cols, x0));
  store1(out, rows, r + 1, t, sumLanes(a1) + rowTail(w, r + 1, rows, cols, x0));
  store1(out, rows, r + 2, t, sumLanes(a2) + rowTail(w, r + 2, rows, cols, x0));
  store1(out, rows, r + 3, t, sumLanes(a3) + rowTail(w, r + 3, rows, cols, x0));
}

/** Rows r..r + 3 (one whole group) of tokens t and t + 1: each weight chunk is loaded once for both tokens. */
function tile4x2(w: usize, x: usize, out: usize, rows: i32, cols: i32, r: i32, t: i32): void {
  let p = f32RowStart(w, r, rows, cols);
  const x0 = x + ((<usize>t * <usize>cols) << 2);
  const x1 = x0 + ((<usize>cols) << 2);
  const k4 = cols & ~3;
  let a00 = f32x4.splat(0);
  let a10 = f32x4.splat(0);
  let a20 = f32x4.splat(0);
  let a30 = f32x4.splat(0);
  let a01 = f32x4.splat(0);
  let a11 = f32x4.splat(0);
  let a21 = f32x4.splat(0);
  let a31 = f32x4.splat(0);
  for (let k = 0; k < k4; k += 4) {
    const v0 = v128.load(x0 + ((<usize>k) << 2));
    const v1 = v128.load(x1 + ((<usize>k) << 2));
    let wr = v128.load(p);
    a00 = mac(a00, wr, v0);
    a01 = mac(a01, wr, v1);
    wr = v128.load(p, 16);
    a10 = mac(a10, wr, v0);
    a11 = mac(a11, wr, v1);
    wr = v128.load(p, 32);
    a20 = mac(a20, wr, v0);
    a21 = mac(a21, wr, v1);
    wr = v128.load(p, 48);
    a30 = mac(a30, wr, v0);
    a31 = mac(a31, wr, v1);
    p += 64;
  }
  store1(out, rows, r, t, sumLanes(a00) + rowTail(w, r, rows, cols, x0));
  store1(out, rows, r + 1, t, sumLanes(a10) + rowTail(w, r + 1, rows, cols, x0));
  store1(out, rows, r + 2, t, sumLanes(a20) + rowTail(w, r + 2, rows, cols, x0));
  store1(out, rows, r + 3, t, sumLanes(a30) + rowTail(w, r + 3, rows, cols, x0));
  store1(out, rows, r, t + 1, sumLanes(a01) + rowTail(w, r, rows, cols, x1));
  store1(out, rows, r + 1, t + 1, sumLanes(a11) + rowTail(w, r + 1, rows, cols, x1));
  store1(out, rows, r + 2, t + 1, sumLanes(a21) + rowTail(w, r + 2, rows, cols, x1));
  store1(out, rows, r + 3, t + 1, sumLanes(a31) + rowTail(w, r + 3, rows, cols, x1));
}

function tile1x1(w: usize, x: usize, out: usize, rows: i32, cols: i32, r: i32, t: i32): void {
  let p = f32RowStart(w, r, rows, cols);
  const step = f32ChunkStep(r, rows);
  const x0 = x + ((<usize>t * <usize>cols) << 2);
  const k4 = cols & ~3;
  let a0 = f32x4.splat(0);
  for (let k = 0; k < k4; k += 4) {
    a0 = mac(a0, v128.load(p), v128.load(x0 + ((<usize>k) << 2)));
    p += step;
  }
  store1(out, rows, r, t, sumLanes(a0) + rowTail(w, r, rows, cols, x0));
}

/**
 * f32 matrix product over a row range: out[t, r] = w[r, :] . x[t, :]. `out` is [n, rows] (token-major), so a
 * worker that owns rows [rowStart, rowEnd) writes a disjoint set of columns of every output row.
 */
export function matmulF32(
  w: usize,
  x: usize,
  out: usize,
  rows: i32,
  cols: i32,
  n: i32,
  rowStart: i32,
  rowEnd: i32,
): void {
  const grouped = f32GroupedRows(rows);
  let r = rowStart;
  if (n >= 2) {
    // Several tokens (prefill): rows outer, so each weight group is read from memory once and applied to every
    // token while it sits in L1 (the activations stay in L2). Whole groups take 4 rows x 2 tokens; rows of a
    // group cut by the range go token by token; the row-major tail takes 1 row x 4 tokens.
    const t4 = n & ~3;
    for (; r < rowEnd && (r & 3) !== 0 && r < grouped; r++) {
      for (let t = 0; t < n; t++) tile1x1(w, x, out, rows, cols, r, t);
    }
    for (; r + 4 <= rowEnd && r + 4 <= grouped; r += 4) {
      let t = 0;
      for (; t + 2 <= n; t += 2) tile4x2(w, x, out, rows, cols, r, t);
      if (t < n) tile4x1(w, x, out, rows, cols, r, t);
    }
    for (; r < rowEnd; r++) {
      const quads = r < grouped ? 0 : t4;
      for (let t = 0; t < quads; t += 4) tile1x4(w, x, out, rows, cols, r, t);
      for (let t = quads; t < n; t++) tile1x1(w, x, out, rows, cols, r, t);
    }
    return;
  }
  if (n < 1) return;
  // One token (decode): whole row groups take the 4-row tile; a range that starts or ends inside a group, and
  // the row-major tail, go row by row.
  for (; r < rowEnd && (r & 3) !== 0; r++) tile1x1(w, x, out, rows, cols, r, 0);
  for (; r + 4 <= rowEnd && r + 4 <= grouped; r += 4) tile4x1(w, x, out, rows, cols, r, 0);
  for (; r < rowEnd; r++) tile1x1(w, x, out, rows, cols, r, 0);
}
