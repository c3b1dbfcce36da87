/**
 * The functions kernels.wasm exports (see assembly/). Every argument named like a buffer is a byte offset into
 * the shared linear memory; counts are elements. Heavy kernels take a row (or head) range so a caller can split
 * one call across workers that share the memory.
 */
/** A quantized product (int8 or 4-bit weights `q` with per-32 scales `s`, int8 activations) over a row range. */
type QuantizedMatmul = (
  q: number,
  s: number,
  xq: number,
  xs: number,
  out: number,
  rows: number,
  blocks: number,
  n: number,
  rowStart: number,
  rowEnd: number,
) => void;

/**
 * Load-time quantization of f32 weight rows [rowStart, rowEnd) of a [rows, cols] matrix into quants `q` and
 * per-32 scales `s`, in the row-group layout of assembly/weight-layout.ts.
 */
type QuantizeWeightRows = (
  src: number,
  cols: number,
  blocks: number,
  q: number,
  s: number,
  rows: number,
  rowStart: number,
  rowEnd: number,
) => void;

/** GGUF Q8_0 / Q4_0 blocks of rows [rowStart, rowEnd) of a [rows, blocks * 32] matrix repacked into `q`, `s`. */
type RepackBlockRows = (
  src: number,
  blocks: number,
  q: number,
  s: number,
  rows: number,
  rowStart: number,
  rowEnd: number,
) => void;

/** Row `row` of a quantized [rows, cols] matrix back to f32 at `out`. */
type DequantizeRow = (
  q: number,
  s: number,
  rows: number,
  row: number,
  blocks: number,
  cols: number,
  out: number,
) => void;

export interface KernelExports {
  heapBase(): number;
  matmulF32(
    w: number,
    x: number,
    out: number,
    rows: number,
    cols: number,
    n: number,
    rowStart: number,
    rowEnd: number,
  ): void;
  /** Rearranges a row-major [rows, cols] f32 matrix into the row-group layout (assembly/f32-layout.ts) in place;
   * `scratch` holds 16 * cols bytes. */
  groupRowsF32(w: number, rows: number, cols: number, scratch: number): void;
  /** Row r of a grouped f32 matrix as row-major floats at `out`. */
  copyRowF32(w: number, rows: number, cols: number, r: number, out: number): void;
  matmulQ8: QuantizedMatmul;
  matmulQ4: QuantizedMatmul;
  quantizeActivations(x: number, n: number, cols: number, blocks: number, xq: number, xs: number): void;
  quantizeQ8: QuantizeWeightRows;
  quantizeQ4: QuantizeWeightRows;
  repackQ8_0: RepackBlockRows;
  repackQ4_0: RepackBlockRows;
  dequantizeRowQ8: DequantizeRow;
  dequantizeRowQ4: DequantizeRow;
  convertF16(src: number, dst: number, count: number): void;
  convertBF16(src: number, dst: number, count: number): void;
  rmsNorm(x: number, weight: number, out: number, n: number, dim: number, eps: number): void;
  rope(
    x: number,
    n: number,
    heads: number,
    headDim: number,
    rowStride: number,
    cos: number,
    sin: number,
  ): void;
  addInPlace(dst: number, src: number, count: number): void;
  addBias(x: number, bias: number, n: number, dim: number): void;
  swiglu(gate: number, up: number, out: number, count: number): void;
  scatterHeads(
    src: number,
    dst: number,
    n: number,
    kvHeads: number,
    headDim: number,
    capacity: number,
    at: number,
  ): void;
  attention(
    q: number,
    k: number,
    v: number,
    out: number,
    n: number,
    numHeads: number,
    numKVHeads: number,
    headDim: number,
    capacity: number,
    past: number,
    scale: number,
    scores: number,
    headStart: number,
    headEnd: number,
  ): void;
}
