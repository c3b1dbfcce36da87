import { f32ToF16Bits } from './float16.js';

/** Values per ggml Q4_0 block, and bytes per block (an fp16 scale and 16 bytes of 4-bit quants). */
export const Q4_0_BLOCK = 32;
export const Q4_0_BLOCK_BYTES = 2 + Q4_0_BLOCK / 2;

/**
 * ggml's `quantize_row_q4_0_ref`, in float32 arithmetic like the C: per block of 32, `d = max / -8` where `max`
 * is the value of largest magnitude (sign kept), `q = min(15, trunc(x / d + 8.5))`; byte `j` holds value `j` in
 * its low nibble and value `j + 16` in its high nibble. Dequantized: `(q - 8) * d`.
 */
export function quantizeQ4_0(values: Float32Array): Uint8Array {
  if (values.length % Q4_0_BLOCK !== 0)
    throw new Error(`quantizeQ4_0: ${values.length} is not a multiple of 32.`);
  const blocks = values.length / Q4_0_BLOCK;
  const half = Q4_0_BLOCK / 2;
  const out = new Uint8Array(blocks * Q4_0_BLOCK_BYTES);
  const view = new DataView(out.buffer);
  const quant = (v: number, id: number) => Math.min(15, Math.trunc(Math.fround(Math.fround(v * id) + 8.5)));
  for (let b = 0; b < blocks; b++) {
    const x = values.subarray(b * Q4_0_BLOCK, (b + 1) * Q4_0_BLOCK);
    let amax = 0;
    let max = 0;
    for (let j = 0; j < Q4_0_BLOCK; j++) {
      if (amax < Math.abs(x[j])) {
        amax = Math.abs(x[j]);
        max = x[j];
      }
    }
    const d = Math.fround(max / -8);
    const id = d ? Math.fround(1 / d) : 0;
    const at = b * Q4_0_BLOCK_BYTES;
    view.setUint16(at, f32ToF16Bits(d), true);
    for (let j = 0; j < half; j++) out[at + 2 + j] = quant(x[j], id) | (quant(x[half + j], id) << 4);
  }
  return out;
}
