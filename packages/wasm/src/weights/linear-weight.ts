/** The in-memory formats a weight matrix can take in the kernels' memory. */
export type WeightFormat = 'f32' | 'q8' | 'q4';

/**
 * A [rows, cols] matrix in linear memory (rows = output features). f32: floats at `data` in groups of 4 rows
 * (assembly/f32-layout.ts). q8/q4:
 * `blocks` = ceil(cols / 32) blocks per row, quants at `data` (32 int8 or 16 nibble bytes per block) and one
 * f32 scale per block at `scales`, both in groups of 8 rows (assembly/weight-layout.ts).
 */
export interface LinearWeight {
  readonly format: WeightFormat;
  readonly rows: number;
  readonly cols: number;
  readonly blocks: number;
  readonly data: number;
  readonly scales: number;
}

/** Columns per quantization block (both q8 and q4), the same as GGUF's Q8_0 and Q4_0. */
export const QUANT_BLOCK = 32;

/** Bytes of quants per block. */
const QUANT_BYTES: Record<WeightFormat, number> = { f32: 0, q8: 32, q4: 16 };

/** Bytes a [rows, cols] matrix takes in `format` (quants and scales). */
export function linearWeightBytes(format: WeightFormat, rows: number, cols: number): number {
  if (format === 'f32') return rows * cols * 4;
  const blocks = Math.ceil(cols / QUANT_BLOCK);
  return rows * blocks * (QUANT_BYTES[format] + 4);
}

/** Byte sizes of the two regions of a quantized matrix. */
export function quantizedRegions(format: 'q8' | 'q4', rows: number, cols: number) {
  const blocks = Math.ceil(cols / QUANT_BLOCK);
  return { blocks, quantBytes: rows * blocks * QUANT_BYTES[format], scaleBytes: rows * blocks * 4 };
}

/** Bytes of the buffer an f32 matrix of `cols` columns is regrouped through at load (4 rows). */
export function f32GroupScratchBytes(cols: number): number {
  return cols * 16;
}
