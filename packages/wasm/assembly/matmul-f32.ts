import { f32ChunkStep, f32GroupedRows, f32RowStart, f32TailBase } from './f32-layout';
import { sumLanes, tailDot } from './simd-helpers';

// out[t * rows + r] = dot(w[r, :], x[t, :]) for r in [rowStart, rowEnd) and every token t in [0, n).
// Weights are [rows, cols] f32 in the row-group layout of f32-layout.ts, activations [n, cols] f32 row-major.
// Tiles of 2 rows x 4 tokens reuse each loaded weight vector for four tokens (prefill); decode (n = 1) runs
// 4 rows (one group) x 1 token, reading the group as one stream.

function mac(acc: v128, w: v128, x: v128): v128 {
  return f32x4.add(acc, f32x4.mul(w, x));
}

function store1(out: usize, rows: i32, r: i32, t: i32, value: f32): void {
  store<f32>(out + ((<usize>t * <usize>rows + <usize>r) << 2), value);
}

/** Row r's dot product tail (columns past the last multiple of 4) with the activations at xt. */
function rowTail(w: usize, r: i32, rows: i32, cols: i32, xt: usize): f32 {
  return tailDot(f32TailBase(w, r, rows, cols), xt, cols & ~3, cols);
}

function tile2x4(w: usize, x: usize, out: usize, rows: i32, cols: i32, r: i32, t: i32): void {
  const rowBytes = (<usize>cols) << 2;
  let pa = f32RowStart(w, r, rows, cols);
  let pb = f32RowStart(w, r + 1, rows, cols);
  const stepA = f32ChunkStep(r, rows);
  const stepB = f32ChunkStep(r + 1, rows);
  const x0 = x + <usize>t * rowBytes;
  const x1 = x0 + rowBytes;
  const x2 = x1 + rowBytes;
  const x3 = x2 + rowBytes;
  const k4 = cols & ~3;
  let a00 = f32x4.splat(0);
  let a01 = f32x4.splat(0);
  let a02 = f32x4.splat(0);
  let a03 = f32x4.splat(0);
  let a10 = f32x4.splat(0);
  let a11 = f32x4.splat(0);
  let a12 = f32x4.splat(0);
  let a13 = f32x4.splat(0);
  for (let k = 0; k < k4; k += 4) {
    const o = (<usize>k) << 2;
    const v0 = v128.load(x0 + o);
    const v1 = v128.load(x1 + o);
    const v2 = v128.load(x2 + o);
    const v3 = v128.load(x3 + o);
    const wa = v128.load(pa);
    a00 = mac(a00, wa, v0);
    a01 = mac(a01, wa, v1);
    a02 = mac(a02, wa, v2);
    a03 = mac(a03, wa, v3);
    const wb = v128.load(pb);
    a10 = mac(a10, wb, v0);
    a11 = mac(a11, wb, v1);
    a12 = mac(a12, wb, v2);
    a13 = mac(a13, wb, v3);
    pa += stepA;
    pb += stepB;
  }
  store1(out, rows, r, t, sumLanes(a00) + rowTail(w, r, rows, cols, x0));
  store1(out, rows, r, t + 1, sumLanes(a01) + rowTail(w, r, rows, cols, x1));
  store1(out, rows, r, t + 2, sumLanes(a02) + rowTail(w, r, rows, cols, x2));
  store1(out, rows, r, t + 3, sumLanes(a03) + rowTail(w, r, rows, cols, x3));
  store1(out, rows, r + 1, t, sumLanes(a10) + rowTail(w, r + 1, rows, cols, x0));
  store1(out, rows, r + 1, t + 1, sumLanes(a11) + rowTail(w, r + 1, rows, cols, x1));
  store1(out, rows, r + 1, t + 2, sumLanes(a12) + rowTail(w, r + 1, rows, cols, x2));
  store1(out, rows, r + 1, t + 3, sumLanes(a13) + rowTail(w, r + 1, rows, cols, x3));
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
 *
 * With four tokens or more (prefill), rows are the outer loop: each pair of weight rows is read from memory once
 * and applied to every token while it sits in L1 (the activations stay in L2). Fewer tokens (decode) take
 * 4-row tiles that share each activation load.
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
  const t4 = n & ~3;
  if (t4 > 0) {
    let r = rowStart;
    for (; r + 2 <= rowEnd; r += 2) {
      for (let t = 0; t < t4; t += 4) tile2x4(w, x, out, rows, cols, r, t);
      for (let t = t4; t < n; t++) {
        tile1x1(w, x, out, rows, cols, r, t);
        tile1x1(w, x, out, rows, cols, r + 1, t);
      }
    }
    for (; r < rowEnd; r++) {
      for (let t = 0; t < t4; t += 4) tile1x4(w, x, out, rows, cols, r, t);
      for (let t = t4; t < n; t++) tile1x1(w, x, out, rows, cols, r, t);
    }
    return;
  }
  // Decode: whole row groups take the 4-row tile; a range that starts or ends inside a group, and the
  // row-major tail, go row by row.
  const grouped = f32GroupedRows(rows);
  for (let t = 0; t < n; t++) {
    let r = rowStart;
    for (; r < rowEnd && (r & 3) !== 0; r++) tile1x1(w, x, out, rows, cols, r, t);
    for (; r + 4 <= rowEnd && r + 4 <= grouped; r += 4) tile4x1(w, x, out, rows, cols, r, t);
    for (; r < rowEnd; r++) tile1x1(w, x, out, rows, cols, r, t);
  }
}
