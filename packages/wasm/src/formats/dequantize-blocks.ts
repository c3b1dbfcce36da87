import { f16ToF32 } from './decode-half.js';

/** Values per ggml Q8_0 / Q4_0 block. */
export const GGML_BLOCK_VALUES = 32;
/** Bytes per block: an fp16 scale, then 32 int8 quants (Q8_0) or 16 bytes of 4-bit quants (Q4_0). */
export const Q8_0_BLOCK_BYTES = 34;
export const Q4_0_BLOCK_BYTES = 18;

function blockCount(bytes: Uint8Array, blockBytes: number, what: string): number {
  if (bytes.length % blockBytes !== 0) {
    throw new RangeError(
      `${what}: ${bytes.length} bytes is not a whole number of ${blockBytes}-byte blocks.`,
    );
  }
  return bytes.length / blockBytes;
}

/** ggml Q8_0 blocks as float32 values: `q * d` (ggml's `dequantize_row_q8_0`). */
export function dequantizeQ8_0(bytes: Uint8Array): Float32Array {
  const blocks = blockCount(bytes, Q8_0_BLOCK_BYTES, 'dequantizeQ8_0');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(blocks * GGML_BLOCK_VALUES);
  for (let b = 0; b < blocks; b++) {
    const at = b * Q8_0_BLOCK_BYTES;
    const d = f16ToF32(view.getUint16(at, true));
    for (let j = 0; j < GGML_BLOCK_VALUES; j++) out[b * GGML_BLOCK_VALUES + j] = view.getInt8(at + 2 + j) * d;
  }
  return out;
}

/**
 * ggml Q4_0 blocks as float32 values: `(q - 8) * d`, where byte `j` of a block holds value `j` in its low nibble
 * and value `j + 16` in its high nibble (ggml's `dequantize_row_q4_0`).
 */
export function dequantizeQ4_0(bytes: Uint8Array): Float32Array {
  const blocks = blockCount(bytes, Q4_0_BLOCK_BYTES, 'dequantizeQ4_0');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(blocks * GGML_BLOCK_VALUES);
  const half = GGML_BLOCK_VALUES / 2;
  for (let b = 0; b < blocks; b++) {
    const at = b * Q4_0_BLOCK_BYTES;
    const d = f16ToF32(view.getUint16(at, true));
    const base = b * GGML_BLOCK_VALUES;
    for (let j = 0; j < half; j++) {
      const byte = bytes[at + 2 + j];
      out[base + j] = ((byte & 0x0f) - 8) * d;
      out[base + half + j] = ((byte >> 4) - 8) * d;
    }
  }
  return out;
}
