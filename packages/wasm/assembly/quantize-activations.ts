// Quantizes f32 activations [n, cols] per token in blocks of 32 columns (zero-padded past `cols`) to int8
// values stored in i16 lanes, so the product kernels feed them to i32x4.dot_i16x8_s without widening per row.
// Scale per block: max|x| / 127, values rounded to nearest (the Q8_0 recipe).
// Order within a block (activationSlot): elements 0, 2, .., 14, then 1, 3, .., 15, then 16, 18, .., 30, then
// 17, 19, .., 31 — the order in which the product kernels unpack weight bytes as i16 lanes (matmul-quantized.ts).
// Full blocks take a SIMD path that computes exactly what the scalar path does (same f32 operations per value).

import { blockAbsMax, nearestI16 } from './simd-helpers';

/** Slot of block element j (0..31) in the stored activation block. */
export function activationSlot(j: i32): i32 {
  return (j & 16) | ((j & 1) << 3) | ((j & 15) >> 1);
}

/** Stores 16 values (lo: elements 0..7, hi: 8..15) in slot order: the even elements, then the odd ones. */
function storeSlots(dst: usize, lo: v128, hi: v128): void {
  v128.store(dst, v128.shuffle<i16>(lo, hi, 0, 2, 4, 6, 8, 10, 12, 14));
  v128.store(dst, v128.shuffle<i16>(lo, hi, 1, 3, 5, 7, 9, 11, 13, 15), 16);
}

/** Writes quants [n, blocks * 32] i16 at `xq` and scales [n, blocks] f32 at `xs`. */
export function quantizeActivations(x: usize, n: i32, cols: i32, blocks: i32, xq: usize, xs: usize): void {
  for (let t = 0; t < n; t++) {
    const row = x + ((<usize>t * <usize>cols) << 2);
    for (let b = 0; b < blocks; b++) {
      const start = b << 5;
      const end = min(start + 32, cols);
      const dst = xq + ((<usize>t * <usize>blocks + <usize>b) << 6);
      if (end - start === 32) {
        const p = row + ((<usize>start) << 2);
        const amax = blockAbsMax(p);
        const inverse = f32x4.splat(amax > 0 ? <f32>127 / amax : 0);
        storeSlots(dst, nearestI16(p, inverse), nearestI16(p + 32, inverse));
        storeSlots(dst + 32, nearestI16(p + 64, inverse), nearestI16(p + 96, inverse));
        store<f32>(xs + ((<usize>t * <usize>blocks + <usize>b) << 2), amax / 127);
        continue;
      }
      let amax: f32 = 0;
      for (let k = start; k < end; k++) amax = max(amax, abs(load<f32>(row + ((<usize>k) << 2))));
      const scale: f32 = amax / 127;
      const inverse: f32 = amax > 0 ? <f32>127 / amax : 0;
      for (let j = 0; j < 32; j++) {
        const k = start + j;
        const v: f32 = k < end ? load<f32>(row + ((<usize>k) << 2)) : 0;
        store<i16>(dst + ((<usize>activationSlot(j)) << 1), <i16>(<i32>nearest(v * inverse)));
      }
      store<f32>(xs + ((<usize>t * <usize>blocks + <usize>b) << 2), scale);
    }
  }
}
