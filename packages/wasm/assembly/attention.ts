import { sumLanes, tailDot } from './simd-helpers';

// Causal grouped-query attention for the new tokens of one sequence over its cached keys and values.
// q and out are token-major [n, numHeads * headDim]; k and v are head-major [numKVHeads, capacity, headDim]
// and already hold the `past` cached tokens followed by the n new ones. New token t attends to the first
// past + t + 1 entries. The head range lets workers split the heads; `scores` is each caller's scratch of
// past + n floats. Every (token, head) pair is computed by the same code whatever n is, so a multi-token
// forward's rows are bit-identical to one-token decoding.

function dot(a: usize, b: usize, len: i32): f32 {
  const l4 = len & ~3;
  let acc = f32x4.splat(0);
  for (let k = 0; k < l4; k += 4) {
    const o = (<usize>k) << 2;
    acc = f32x4.add(acc, f32x4.mul(v128.load(a + o), v128.load(b + o)));
  }
  return sumLanes(acc) + tailDot(a, b, l4, len);
}

/** Scaled dot products of one query with keys j..j+3, written to scores[j..j+3]; the query is loaded once. */
function scoreFour(qp: usize, kh: usize, j: i32, headDim: i32, scale: f32, scores: usize): void {
  const headBytes = (<usize>headDim) << 2;
  const k0 = kh + <usize>j * headBytes;
  const k1 = k0 + headBytes;
  const k2 = k1 + headBytes;
  const k3 = k2 + headBytes;
  const d4 = headDim & ~3;
  let a0 = f32x4.splat(0);
  let a1 = f32x4.splat(0);
  let a2 = f32x4.splat(0);
  let a3 = f32x4.splat(0);
  for (let e = 0; e < d4; e += 4) {
    const o = (<usize>e) << 2;
    const qv = v128.load(qp + o);
    a0 = f32x4.add(a0, f32x4.mul(qv, v128.load(k0 + o)));
    a1 = f32x4.add(a1, f32x4.mul(qv, v128.load(k1 + o)));
    a2 = f32x4.add(a2, f32x4.mul(qv, v128.load(k2 + o)));
    a3 = f32x4.add(a3, f32x4.mul(qv, v128.load(k3 + o)));
  }
  const s = scores + ((<usize>j) << 2);
  store<f32>(s, (sumLanes(a0) + tailDot(qp, k0, d4, headDim)) * scale);
  store<f32>(s, (sumLanes(a1) + tailDot(qp, k1, d4, headDim)) * scale, 4);
  store<f32>(s, (sumLanes(a2) + tailDot(qp, k2, d4, headDim)) * scale, 8);
  store<f32>(s, (sumLanes(a3) + tailDot(qp, k3, d4, headDim)) * scale, 12);
}

/** out += p_j * v_j for keys j..j+3 in key order, loading and storing the output once. */
function accumulateFour(op: usize, vh: usize, j: i32, headDim: i32, scores: usize, total: f32): void {
  const headBytes = (<usize>headDim) << 2;
  const sp = scores + ((<usize>j) << 2);
  const p0 = load<f32>(sp) / total;
  const p1 = load<f32>(sp, 4) / total;
  const p2 = load<f32>(sp, 8) / total;
  const p3 = load<f32>(sp, 12) / total;
  const v0 = vh + <usize>j * headBytes;
  const v1 = v0 + headBytes;
  const v2 = v1 + headBytes;
  const v3 = v2 + headBytes;
  const s0 = f32x4.splat(p0);
  const s1 = f32x4.splat(p1);
  const s2 = f32x4.splat(p2);
  const s3 = f32x4.splat(p3);
  const d4 = headDim & ~3;
  for (let e = 0; e < d4; e += 4) {
    const o = (<usize>e) << 2;
    let acc = f32x4.add(v128.load(op + o), f32x4.mul(s0, v128.load(v0 + o)));
    acc = f32x4.add(acc, f32x4.mul(s1, v128.load(v1 + o)));
    acc = f32x4.add(acc, f32x4.mul(s2, v128.load(v2 + o)));
    v128.store(op + o, f32x4.add(acc, f32x4.mul(s3, v128.load(v3 + o))));
  }
  for (let e = d4; e < headDim; e++) {
    const o = (<usize>e) << 2;
    let acc = load<f32>(op + o) + p0 * load<f32>(v0 + o);
    acc += p1 * load<f32>(v1 + o);
    acc += p2 * load<f32>(v2 + o);
    store<f32>(op + o, acc + p3 * load<f32>(v3 + o));
  }
}

export function attention(
  q: usize,
  k: usize,
  v: usize,
  out: usize,
  n: i32,
  numHeads: i32,
  numKVHeads: i32,
  headDim: i32,
  capacity: i32,
  past: i32,
  scale: f32,
  scores: usize,
  headStart: i32,
  headEnd: i32,
): void {
  const group = numHeads / numKVHeads;
  const rowFloats = <usize>numHeads * <usize>headDim;
  const headBytes = (<usize>headDim) << 2;
  const d4 = headDim & ~3;
  for (let h = headStart; h < headEnd; h++) {
    const kvHead = <usize>(h / group);
    const kh = k + kvHead * <usize>capacity * headBytes;
    const vh = v + kvHead * <usize>capacity * headBytes;
    for (let t = 0; t < n; t++) {
      const keys = past + t + 1;
      const keys4 = keys & ~3;
      const qp = q + ((<usize>t * rowFloats) << 2) + <usize>h * headBytes;
      for (let j = 0; j < keys4; j += 4) scoreFour(qp, kh, j, headDim, scale, scores);
      for (let j = keys4; j < keys; j++) {
        store<f32>(scores + ((<usize>j) << 2), dot(qp, kh + <usize>j * headBytes, headDim) * scale);
      }
      let highest: f32 = -Infinity;
      for (let j = 0; j < keys; j++) highest = max(highest, load<f32>(scores + ((<usize>j) << 2)));
      let total: f32 = 0;
      for (let j = 0; j < keys; j++) {
        const e = Mathf.exp(load<f32>(scores + ((<usize>j) << 2)) - highest);
        store<f32>(scores + ((<usize>j) << 2), e);
        total += e;
      }
      const op = out + ((<usize>t * rowFloats) << 2) + <usize>h * headBytes;
      memory.fill(op, 0, headBytes);
      for (let j = 0; j < keys4; j += 4) accumulateFour(op, vh, j, headDim, scores, total);
      for (let j = keys4; j < keys; j++) {
        const p: f32 = load<f32>(scores + ((<usize>j) << 2)) / total;
        const pv = f32x4.splat(p);
        const vp = vh + <usize>j * headBytes;
        for (let e = 0; e < d4; e += 4) {
          const o = (<usize>e) << 2;
          v128.store(op + o, f32x4.add(v128.load(op + o), f32x4.mul(pv, v128.load(vp + o))));
        }
        for (let e = d4; e < headDim; e++) {
          const o = (<usize>e) << 2;
          store<f32>(op + o, load<f32>(op + o) + p * load<f32>(vp + o));
        }
      }
    }
  }
}
