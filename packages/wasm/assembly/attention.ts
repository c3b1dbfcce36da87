import { sumLanes, tailDot } from './simd-helpers';

// Causal grouped-query attention for the new tokens of one sequence over its cached keys and values.
// q and out are token-major [n, numHeads * headDim]; k and v are head-major [numKVHeads, capacity, headDim]
// and already hold the `past` cached tokens followed by the n new ones. New token t attends to the first
// past + t + 1 entries. The head range lets workers split the heads; `scores` is each caller's scratch of
// past + n floats.

function dot(a: usize, b: usize, len: i32): f32 {
  const l4 = len & ~3;
  let acc = f32x4.splat(0);
  for (let k = 0; k < l4; k += 4) {
    const o = (<usize>k) << 2;
    acc = f32x4.add(acc, f32x4.mul(v128.load(a + o), v128.load(b + o)));
  }
  return sumLanes(acc) + tailDot(a, b, l4, len);
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
      const qp = q + ((<usize>t * rowFloats) << 2) + <usize>h * headBytes;
      let highest: f32 = -Infinity;
      for (let j = 0; j < keys; j++) {
        const s = dot(qp, kh + <usize>j * headBytes, headDim) * scale;
        store<f32>(scores + ((<usize>j) << 2), s);
        highest = max(highest, s);
      }
      let total: f32 = 0;
      for (let j = 0; j < keys; j++) {
        const e = Mathf.exp(load<f32>(scores + ((<usize>j) << 2)) - highest);
        store<f32>(scores + ((<usize>j) << 2), e);
        total += e;
      }
      const op = out + ((<usize>t * rowFloats) << 2) + <usize>h * headBytes;
      memory.fill(op, 0, headBytes);
      for (let j = 0; j < keys; j++) {
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
