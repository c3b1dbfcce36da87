import { halfToFloat } from './half-float';

// Load-time weight conversion into the layouts matmul-quantized.ts reads. Each function takes a row range so
// a load can be split across workers. Columns past `cols` (when cols is not a multiple of 32) are zero.

/** f32 rows [rows, cols] to int8 quants [rows, blocks * 32] and f32 scales (max|x| / 127, round to nearest). */
export function quantizeQ8(
  src: usize,
  cols: i32,
  blocks: i32,
  q: usize,
  s: usize,
  rowStart: i32,
  rowEnd: i32,
): void {
  for (let r = rowStart; r < rowEnd; r++) {
    const row = src + ((<usize>r * <usize>cols) << 2);
    for (let b = 0; b < blocks; b++) {
      const start = b << 5;
      const end = min(start + 32, cols);
      let amax: f32 = 0;
      for (let k = start; k < end; k++) amax = max(amax, abs(load<f32>(row + ((<usize>k) << 2))));
      const inverse: f32 = amax > 0 ? <f32>127 / amax : 0;
      const dst = q + ((<usize>r * <usize>blocks + <usize>b) << 5);
      for (let j = 0; j < 32; j++) {
        const k = start + j;
        const v: f32 = k < end ? load<f32>(row + ((<usize>k) << 2)) : 0;
        store<i8>(dst + <usize>j, <i8>(<i32>nearest(v * inverse)));
      }
      store<f32>(s + ((<usize>r * <usize>blocks + <usize>b) << 2), amax / 127);
    }
  }
}

/**
 * f32 rows to 4-bit blocks with llama.cpp's Q4_0 recipe: d = (the value of largest magnitude) / -8,
 * nibble = min(15, trunc(x / d + 8.5)); byte j holds element j (low nibble) and element j + 16 (high nibble).
 */
export function quantizeQ4(
  src: usize,
  cols: i32,
  blocks: i32,
  q: usize,
  s: usize,
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
      const dst = q + ((<usize>r * <usize>blocks + <usize>b) << 4);
      for (let j = 0; j < 16; j++) {
        const k0 = start + j;
        const k1 = start + j + 16;
        const v0: f32 = k0 < end ? load<f32>(row + ((<usize>k0) << 2)) : 0;
        const v1: f32 = k1 < end ? load<f32>(row + ((<usize>k1) << 2)) : 0;
        const n0 = min<i32>(15, <i32>(v0 * inverse + 8.5));
        const n1 = min<i32>(15, <i32>(v1 * inverse + 8.5));
        store<u8>(dst + <usize>j, <u8>(n0 | (n1 << 4)));
      }
      store<f32>(s + ((<usize>r * <usize>blocks + <usize>b) << 2), d);
    }
  }
}

/** GGUF Q8_0 blocks (f16 d, 32 int8) of rows [rowStart, rowEnd) to int8 quants and f32 scales, no dequantizing. */
export function repackQ8_0(src: usize, blocks: i32, q: usize, s: usize, rowStart: i32, rowEnd: i32): void {
  for (let r = rowStart; r < rowEnd; r++) {
    for (let b = 0; b < blocks; b++) {
      const i = <usize>r * <usize>blocks + <usize>b;
      const block = src + i * 34;
      store<f32>(s + (i << 2), halfToFloat(<u32>load<u16>(block)));
      memory.copy(q + (i << 5), block + 2, 32);
    }
  }
}

/** GGUF Q4_0 blocks (f16 d, 16 bytes of nibbles) to packed nibbles and f32 scales: the nibble order is kept. */
export function repackQ4_0(src: usize, blocks: i32, q: usize, s: usize, rowStart: i32, rowEnd: i32): void {
  for (let r = rowStart; r < rowEnd; r++) {
    for (let b = 0; b < blocks; b++) {
      const i = <usize>r * <usize>blocks + <usize>b;
      const block = src + i * 18;
      store<f32>(s + (i << 2), halfToFloat(<u32>load<u16>(block)));
      memory.copy(q + (i << 4), block + 2, 16);
    }
  }
}

/** One row of int8 weights back to f32 (embedding lookups of a quantized table). */
export function dequantizeRowQ8(q: usize, s: usize, row: i32, blocks: i32, cols: i32, out: usize): void {
  const base = <usize>row * <usize>blocks;
  for (let k = 0; k < cols; k++) {
    const b = <usize>(k >> 5);
    const value = <f32>load<i8>(q + ((base + b) << 5) + <usize>(k & 31));
    store<f32>(out + ((<usize>k) << 2), value * load<f32>(s + ((base + b) << 2)));
  }
}

/** One row of 4-bit weights back to f32. */
export function dequantizeRowQ4(q: usize, s: usize, row: i32, blocks: i32, cols: i32, out: usize): void {
  const base = <usize>row * <usize>blocks;
  for (let k = 0; k < cols; k++) {
    const b = <usize>(k >> 5);
    const j = k & 31;
    const byte = <i32>load<u8>(q + ((base + b) << 4) + <usize>(j & 15));
    const nibble = j < 16 ? byte & 15 : byte >> 4;
    store<f32>(out + ((<usize>k) << 2), <f32>(nibble - 8) * load<f32>(s + ((base + b) << 2)));
  }
}
