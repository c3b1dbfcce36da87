/** Weights per quantization block along K: the block size transformers.js / Optimum q4 exports use. */
export const Q4_BLOCK_SIZE = 32;

/** The zero point `MatMulNBits` assumes for 4-bit weights when no `zero_points` input is given: 2^(bits-1). */
export const Q4_ZERO_POINT = 8;

/** A byte holding the zero point in both nibbles: the code of an exact zero, and of padding. */
const ZERO_PAIR = Q4_ZERO_POINT | (Q4_ZERO_POINT << 4);

/**
 * The 4-bit code of `value` in a block whose scale is 1 / `inverse` (scale = extreme / -8): the nearest level,
 * halves rounding up. |value| <= |extreme| puts value * inverse in [-8, 8] (up to rounding), so the sum below is
 * positive and `| 0` floors it; only +8 (the far side of the extreme) needs clamping.
 */
function quantizeValue(value: number, inverse: number): number {
  const code = (value * inverse + Q4_ZERO_POINT + 0.5) | 0;
  return Math.min(code, 15);
}

/** A [rows, cols] float32 matrix quantized to 4 bits in blocks of `blockSize` along each row. */
export interface Q4Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly blockSize: number;
  /** Blocks per row: ceil(cols / blockSize). */
  readonly blocksPerRow: number;
  /**
   * Codes in `MatMulNBits`' `B` layout, [rows, blocksPerRow, blockSize / 2]: two codes per byte along the row,
   * the earlier one in the low nibble. Padding past `cols` in the last block holds the zero point.
   */
  readonly packed: Uint8Array;
  /** One float32 scale per block, [rows, blocksPerRow]. */
  readonly scales: Float32Array;
  /** The weights the codes stand for, (code - 8) * scale in float32, [rows, cols]: what a q4 kernel multiplies by. */
  readonly dequantized: Float32Array;
}

/**
 * Quantizes a row-major [rows, cols] matrix (an HF [out, in] projection, so rows = N and cols = K of
 * `MatMulNBits`) to symmetric 4-bit blocks, the way llama.cpp's Q4_0 does: each block's largest-magnitude value
 * w_max gets scale w_max / -8, so it is stored exactly as code 0 and the rest round to the nearest of the 16
 * levels (code - 8) * scale, clamped to 0..15. Using the signed extreme puts 8 levels on w_max's side and 7 on the
 * other, one more level than the ±7 scheme for the same block. The zero point is the default 8, so the ONNX
 * graph needs no `zero_points` input.
 */
export function quantizeQ4(
  data: Float32Array,
  rows: number,
  cols: number,
  blockSize = Q4_BLOCK_SIZE,
): Q4Matrix {
  if (data.length !== rows * cols)
    throw new Error(`quantizeQ4: ${data.length} values is not ${rows}x${cols}.`);
  if (blockSize < 16 || (blockSize & (blockSize - 1)) !== 0) {
    throw new Error(`quantizeQ4: block size ${blockSize} must be a power of two >= 16.`);
  }
  const blocksPerRow = Math.ceil(cols / blockSize);
  const blobBytes = blockSize / 2;
  const packed = new Uint8Array(rows * blocksPerRow * blobBytes);
  const scales = new Float32Array(rows * blocksPerRow);
  const dequantized = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const rowBase = r * cols;
    for (let b = 0; b < blocksPerRow; b++) {
      const start = rowBase + b * blockSize;
      const end = Math.min(rowBase + cols, start + blockSize);
      // Branch-free min/max: random signs make an abs-and-compare loop mispredict.
      let max = 0;
      let min = 0;
      for (let i = start; i < end; i++) {
        max = Math.max(max, data[i]);
        min = Math.min(min, data[i]);
      }
      const extreme = -min > max ? min : max;
      const block = r * blocksPerRow + b;
      const blob = block * blobBytes;
      if (extreme === 0) {
        // All-zero block: scale 0, every code the zero point.
        packed.fill(ZERO_PAIR, blob, blob + blobBytes);
        continue;
      }
      const scale = Math.fround(extreme / -Q4_ZERO_POINT);
      scales[block] = scale;
      const inverse = 1 / scale;
      for (let i = start; i < start + blockSize; i += 2) {
        const lo = i < end ? quantizeValue(data[i], inverse) : Q4_ZERO_POINT;
        const hi = i + 1 < end ? quantizeValue(data[i + 1], inverse) : Q4_ZERO_POINT;
        packed[blob + ((i - start) >> 1)] = lo | (hi << 4);
        // (code - 8) is a small integer, so the double product is exact and fround rounds it once, as a float32
        // multiply does.
        if (i < end) dequantized[i] = Math.fround((lo - Q4_ZERO_POINT) * scale);
        if (i + 1 < end) dequantized[i + 1] = Math.fround((hi - Q4_ZERO_POINT) * scale);
      }
    }
  }
  return { rows, cols, blockSize, blocksPerRow, packed, scales, dequantized };
}
