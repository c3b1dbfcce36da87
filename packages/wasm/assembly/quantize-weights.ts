import { halfToFloat } from './half-float';
import { blockAbsMax, nearestI16 } from './simd-helpers';
import { blockIndex } from './weight-layout';

// Load-time weight conversion into the layout matmul-quantized.ts reads (row groups,
// weight-layout.ts; `rows` is the matrix's row count). Each function takes a row range so a load can be split
// across workers. Columns past `cols` (when cols is not a multiple of 32) are zero.
// Full blocks take a SIMD path that computes exactly what the scalar path does (same f32 operations per value).

/** min(15, trunc(x * inverse + 8.5)) of 4 floats at p, as i32 lanes. */
function nibbles(p: usize, inverse: v128): v128 {
  const n = i32x4.trunc_sat_f32x4_s(f32x4.add(f32x4.mul(v128.load(p), inverse), f32x4.splat(8.5)));
  return i32x4.min_s(n, i32x4.splat(15));
}

/** 4-bit values are stored signed: Q4_0's unsigned nibble (value + 8) xor 8, in both nibbles of a byte. */
const NIBBLE_SIGN: u8 = 0x88;

/** Packs the 32 values at p into 16 bytes: low nibble = element j, high nibble = element j + 16 (signed). */
function packNibbles(p: usize, inverse: v128, dst: usize): void {
  const b0 = v128.or(nibbles(p, inverse), i32x4.shl(nibbles(p + 64, inverse), 4));
  const b1 = v128.or(nibbles(p + 16, inverse), i32x4.shl(nibbles(p + 80, inverse), 4));
  const b2 = v128.or(nibbles(p + 32, inverse), i32x4.shl(nibbles(p + 96, inverse), 4));
  const b3 = v128.or(nibbles(p + 48, inverse), i32x4.shl(nibbles(p + 112, inverse), 4));
  const packed = i8x16.narrow_i16x8_u(i16x8.narrow_i32x4_s(b0, b1), i16x8.narrow_i32x4_s(b2, b3));
  v128.store(dst, v128.xor(packed, i8x16.splat(NIBBLE_SIGN)));
}

/** f32 rows [rows, cols] to int8 quants [rows, blocks * 32] and f32 scales (max|x| / 127, round to nearest). */
export function quantizeQ8(
  src: usize,
  cols: i32,
  blocks: i32,
  q: usize,
  s: usize,
  rows: i32,
  rowStart: i32,
  rowEnd: i32,
): void {
  for (let r = rowStart; r < rowEnd; r++) {
    const row = src + ((<usize>r * <usize>cols) << 2);
    for (let b = 0; b < blocks; b++) {
      const start = b << 5;
      const end = min(start + 32, cols);
      const i = blockIndex(r, b, blocks, rows);
      const dst = q + (i << 5);
      if (end - start === 32) {
        const p = row + ((<usize>start) << 2);
        const amax = blockAbsMax(p);
        const inverse = f32x4.splat(amax > 0 ? <f32>127 / amax : 0);
        const lo = i8x16.narrow_i16x8_s(nearestI16(p, inverse), nearestI16(p + 32, inverse));
        const hi = i8x16.narrow_i16x8_s(nearestI16(p + 64, inverse), nearestI16(p + 96, inverse));
        v128.store(dst, lo);
        v128.store(dst, hi, 16);
        store<f32>(s + (i << 2), amax / 127);
        continue;
      }
      let amax: f32 = 0;
      for (let k = start; k < end; k++) amax = max(amax, abs(load<f32>(row + ((<usize>k) << 2))));
      const inverse: f32 = amax > 0 ? <f32>127 / amax : 0;
      for (let j = 0; j < 32; j++) {
        const k = start + j;
        const v: f32 = k < end ? load<f32>(row + ((<usize>k) << 2)) : 0;
        store<i8>(dst + <usize>j, <i8>(<i32>nearest(v * inverse)));
      }
      store<f32>(s + (i << 2), amax / 127);
    }
  }
}

/**
 * f32 rows to 4-bit blocks with llama.cpp's Q4_0 recipe: d = (the value of largest magnitude) / -8,
 * nibble = min(15, trunc(x / d + 8.5)); byte j holds element j (low nibble) and element j + 16 (high nibble),
 * each stored signed (NIBBLE_SIGN).
 */
export function quantizeQ4(
  src: usize,
  cols: i32,
  blocks: i32,
  q: usize,
  s: usize,
  rows: i32,
  rowStart: i32,
  rowEnd: i32,
): void {
  for (let r = rowStart; r < rowEnd; r++) {
    const row = src + ((<usize>r * <usize>cols) << 2);
    for (let b = 0; b < blocks; b++) {
      const start = b << 5;
      const end = min(start + 32, cols);
      let amax: f32 = 0;
      let extreme: f32 = 0;
      for (let k = start; k < end; k++) {
        const v = load<f32>(row + ((<usize>k) << 2));
        if (abs(v) > amax) {
          amax = abs(v);
          extreme = v;
        }
      }
      const d: f32 = extreme / -8;
      const inverse: f32 = d !== 0 ? <f32>1 / d : 0;
      const i = blockIndex(r, b, blocks, rows);
      const dst = q + (i << 4);
      store<f32>(s + (i << 2), d);
      if (end - start === 32) {
        packNibbles(row + ((<usize>start) << 2), f32x4.splat(inverse), dst);
        continue;
      }
      for (let j = 0; j < 16; j++) {
        const k0 = start + j;
        const k1 = start + j + 16;
        const v0: f32 = k0 < end ? load<f32>(row + ((<usize>k0) << 2)) : 0;
        const v1: f32 = k1 < end ? load<f32>(row + ((<usize>k1) << 2)) : 0;
        const n0 = min<i32>(15, <i32>(v0 * inverse + 8.5));
        const n1 = min<i32>(15, <i32>(v1 * inverse + 8.5));
        store<u8>(dst + <usize>j, <u8>(n0 | (n1 << 4)) ^ NIBBLE_SIGN);
      }
    }
  }
}

/** GGUF Q8_0 blocks (f16 d, 32 int8) of rows [rowStart, rowEnd) to int8 quants and f32 scales, no dequantizing. */
export function repackQ8_0(
  src: usize,
  blocks: i32,
  q: usize,
  s: usize,
  rows: i32,
  rowStart: i32,
  rowEnd: i32,
): void {
  for (let r = rowStart; r < rowEnd; r++) {
    for (let b = 0; b < blocks; b++) {
      const i = blockIndex(r, b, blocks, rows);
      const block = src + (<usize>r * <usize>blocks + <usize>b) * 34;
      store<f32>(s + (i << 2), halfToFloat(<u32>load<u16>(block)));
      memory.copy(q + (i << 5), block + 2, 32);
    }
  }
}

/** GGUF Q4_0 blocks (f16 d, 16 bytes of nibbles) to signed nibbles and f32 scales: the nibble order is kept. */
export function repackQ4_0(
  src: usize,
  blocks: i32,
  q: usize,
  s: usize,
  rows: i32,
  rowStart: i32,
  rowEnd: i32,
): void {
  for (let r = rowStart; r < rowEnd; r++) {
    for (let b = 0; b < blocks; b++) {
      const i = blockIndex(r, b, blocks, rows);
      const block = src + (<usize>r * <usize>blocks + <usize>b) * 18;
      store<f32>(s + (i << 2), halfToFloat(<u32>load<u16>(block)));
      v128.store(q + (i << 4), v128.xor(v128.load(block + 2), i8x16.splat(NIBBLE_SIGN)));
    }
  }
}

/** One row of int8 weights back to f32 (embedding lookups of a quantized table). */
export function dequantizeRowQ8(
  q: usize,
  s: usize,
  rows: i32,
  row: i32,
  blocks: i32,
  cols: i32,
  out: usize,
): void {
  for (let k = 0; k < cols; k++) {
    const i = blockIndex(row, k >> 5, blocks, rows);
    const value = <f32>load<i8>(q + (i << 5) + <usize>(k & 31));
    store<f32>(out + ((<usize>k) << 2), value * load<f32>(s + (i << 2)));
  }
}

/** One row of 4-bit weights back to f32. */
export function dequantizeRowQ4(
  q: usize,
  s: usize,
  rows: i32,
  row: i32,
  blocks: i32,
  cols: i32,
  out: usize,
): void {
  for (let k = 0; k < cols; k++) {
    const i = blockIndex(row, k >> 5, blocks, rows);
    const j = k & 31;
    const byte = <i32>load<u8>(q + (i << 4) + <usize>(j & 15));
    const nibble = j < 16 ? byte & 15 : byte >> 4;
    // Sign-extend the stored 4-bit value.
    store<f32>(out + ((<usize>k) << 2), <f32>((nibble ^ 8) - 8) * load<f32>(s + (i << 2)));
  }
}
