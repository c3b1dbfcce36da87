import { sumLanes, tailDot } from './simd-helpers';

// out[t * rows + r] = dot(w[r, :], x[t, :]) for r in [rowStart, rowEnd) and every token t in [0, n).
// Weights are row-major [rows, cols] f32, activations [n, cols] f32. Tiles of 2 rows x 4 tokens reuse each
// loaded weight vector for four tokens (prefill); decode (n = 1) runs 4 rows x 1 token to keep loads streaming.

function mac(acc: v128, w: v128, x: v128): v128 {
  return f32x4.add(acc, f32x4.mul(w, x));
}

function store1(out: usize, rows: i32, r: i32, t: i32, value: f32): void {
  store<f32>(out + ((<usize>t * <usize>rows + <usize>r) << 2), value);
}

function tile2x4(w: usize, x: usize, out: usize, rows: i32, cols: i32, r: i32, t: i32): void {
  const rowBytes = (<usize>cols) << 2;
  const w0 = w + <usize>r * rowBytes;
  const w1 = w0 + rowBytes;
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
    const wa = v128.load(w0 + o);
    a00 = mac(a00, wa, v0);
    a01 = mac(a01, wa, v1);
    a02 = mac(a02, wa, v2);
    a03 = mac(a03, wa, v3);
    const wb = v128.load(w1 + o);
    a10 = mac(a10, wb, v0);
    a11 = mac(a11, wb, v1);
    a12 = mac(a12, wb, v2);
    a13 = mac(a13, wb, v3);
  }
  store1(out, rows, r, t, sumLanes(a00) + tailDot(w0, x0, k4, cols));
  store1(out, rows, r, t + 1, sumLanes(a01) + tailDot(w0, x1, k4, cols));
  store1(out, rows, r, t + 2, sumLanes(a02) + tailDot(w0, x2, k4, cols));
  store1(out, rows, r, t + 3, sumLanes(a03) + tailDot(w0, x3, k4, cols));
  store1(out, rows, r + 1, t, sumLanes(a10) + tailDot(w1, x0, k4, cols));
  store1(out, rows, r + 1, t + 1, sumLanes(a11) + tailDot(w1, x1, k4, cols));
  store1(out, rows, r + 1, t + 2, sumLanes(a12) + tailDot(w1, x2, k4, cols));
  store1(out, rows, r + 1, t + 3, sumLanes(a13) + tailDot(w1, x3, k4, cols));
}

function tile1x4(w: usize, x: usize, out: usize, rows: i32, cols: i32, r: i32, t: i32): void {
  const rowBytes = (<usize>cols) << 2;
  const w0 = w + <usize>r * rowBytes;
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
    const wa = v128.load(w0 + o);
    a0 = mac(a0, wa, v128.load(x0 + o));
    a1 = mac(a1, wa, v128.load(x1 + o));
    a2 = mac(a2, wa, v128.load(x2 + o));
    a3 = mac(a3, wa, v128.load(x3 + o));
  }
  store1(out, rows, r, t, sumLanes(a0) + tailDot(w0, x0, k4, cols));
  store1(out, rows, r, t + 1, sumLanes(a1) + tailDot(w0, x1, k4, cols));
  store1(out, rows, r, t + 2, sumLanes(a2) + tailDot(w0, x2, k4, cols));
  store1(out, rows, r, t + 3, sumLanes(a3) + tailDot(w0, x3, k4, cols));
}

function tile4x1(w: usize, x: usize, out: usize, rows: i32, cols: i32, r: i32, t: i32): void {
  const rowBytes = (<usize>cols) << 2;
  const w0 = w + <usize>r * rowBytes;
  const w1 = w0 + rowBytes;
  const w2 = w1 + rowBytes;
  const w3 = w2 + rowBytes;
  const x0 = x + <usize>t * rowBytes;
  const k4 = cols & ~3;
  let a0 = f32x4.splat(0);
  let a1 = f32x4.splat(0);
  let a2 = f32x4.splat(0);
  let a3 = f32x4.splat(0);
  for (let k = 0; k < k4; k += 4) {
    const o = (<usize>k) << 2;
    const v = v128.load(x0 + o);
    a0 = mac(a0, v128.load(w0 + o), v);
    a1 = mac(a1, v128.load(w1 + o), v);
    a2 = mac(a2, v128.load(w2 + o), v);
    a3 = mac(a3, v128.load(w3 + o), v);
  }
  store1(out, rows, r, t, sumLanes(a0) + tailDot(w0, x0, k4, cols));
  store1(out, rows, r + 1, t, sumLanes(a1) + tailDot(w1, x0, k4, cols));
  store1(out, rows, r + 2, t, sumLanes(a2) + tailDot(w2, x0, k4, cols));
  store1(out, rows, r + 3, t, sumLanes(a3) + tailDot(w3, x0, k4, cols));
}

function tile1x1(w: usize, x: usize, out: usize, rows: i32, cols: i32, r: i32, t: i32): void {
  const rowBytes = (<usize>cols) << 2;
  const w0 = w + <usize>r * rowBytes;
  const x0 = x + <usize>t * rowBytes;
  const k4 = cols & ~3;
  let a0 = f32x4.splat(0);
  for (let k = 0; k < k4; k += 4) {
    const o = (<usize>k) << 2;
    a0 = mac(a0, v128.load(w0 + o), v128.load(x0 + o));
  }
  store1(out, rows, r, t, sumLanes(a0) + tailDot(w0, x0, k4, cols));
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
  for (let t = 0; t < n; t++) {
    let r = rowStart;
    for (; r + 4 <= rowEnd; r += 4) tile4x1(w, x, out, rows, cols, r, t);
    for (; r < rowEnd; r++) tile1x1(w, x, out, rows, cols, r, t);
  }
}
