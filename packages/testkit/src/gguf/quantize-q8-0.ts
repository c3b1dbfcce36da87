import { f32ToF16Bits } from './float16.js';

/** Values per ggml Q8_0 block, and bytes per block (an fp16 scale and 32 int8 quants). */
export const Q8_0_BLOCK = 32;
export const Q8_0_BLOCK_BYTES = 2 + Q8_0_BLOCK;

/** C's `roundf`: halfway cases away from zero. */
function roundf(v: number): number {
  return v < 0 ? -Math.round(-v) : Math.round(v);
}

/**
 * ggml's `quantize_row_q8_0_ref`, in float32 arithmetic like the C: per block of 32, `d = amax / 127`,
 * `q = roundf(x / d)`, stored as fp16 `d` then 32 int8 `q`. `values.length` must be a multiple of 32 (rows of a
 * row-major matrix are quantized one after another, so blocks never span rows when the row length is too).
 */
export function quantizeQ8_0(values: Float32Array): Uint8Array {
  if (values.length % Q8_0_BLOCK !== 0)
    throw new Error(`quantizeQ8_0: ${values.length} is not a multiple of 32.`);
  const blocks = values.length / Q8_0_BLOCK;
  const out = new Uint8Array(blocks * Q8_0_BLOCK_BYTES);
  const view = new DataView(out.buffer);
  for (let b = 0; b < blocks; b++) {
    const x = values.subarray(b * Q8_0_BLOCK, (b + 1) * Q8_0_BLOCK);
    let amax = 0;
    for (let j = 0; j < Q8_0_BLOCK; j++) amax = Math.max(amax, Math.abs(x[j]));
    const d = Math.fround(amax / 127);
    const id = d ? Math.fround(1 / d) : 0;
    const at = b * Q8_0_BLOCK_BYTES;
    view.setUint16(at, f32ToF16Bits(d), true);
    for (let j = 0; j < Q8_0_BLOCK; j++) view.setInt8(at + 2 + j, roundf(Math.fround(x[j] * id)));
  }
  return out;
}
