import type { KernelExports } from '../kernels/kernel-exports.js';
import type { KernelCall } from '../threads/kernel-executor.js';
import type { LinearWeight } from '../weights/linear-weight.js';
import type { ScratchBuffers } from './forward-scratch.js';

/**
 * The product out [n, w.rows] = x [n, w.cols] times wᵀ as a kernel call of the weight's format, for a
 * KernelExecutor to run (split by rows across threads or not). Quantized weights multiply activations quantized
 * per 32 columns, which this quantizes now; `quantized: true` reuses the activations the previous call quantized
 * from the same `x` (q, k and v share their input, as do gate and up).
 */
export function projectCall(
  kernels: KernelExports,
  scratch: ScratchBuffers,
  w: LinearWeight,
  x: number,
  n: number,
  out: number,
  quantized = false,
): KernelCall {
  if (w.format === 'f32') {
    return { kernel: 'matmulF32', args: [w.data, x, out, w.rows, w.cols, n], rows: w.rows };
  }
  if (!quantized) {
    kernels.quantizeActivations(x, n, w.cols, w.blocks, scratch.activationQuants, scratch.activationScales);
  }
  return {
    kernel: w.format === 'q8' ? 'matmulQ8' : 'matmulQ4',
    args: [w.data, w.scales, scratch.activationQuants, scratch.activationScales, out, w.rows, w.blocks, n],
    rows: w.rows,
  };
}

/** Writes row `row` of an embedding table as f32 at `out` (dequantizing a quantized table). */
export function embeddingRow(kernels: KernelExports, w: LinearWeight, row: number, out: number): void {
  if (w.format === 'f32') kernels.copyRowF32(w.data, w.rows, w.cols, row, out);
  else if (w.format === 'q8') kernels.dequantizeRowQ8(w.data, w.scales, w.rows, row, w.blocks, w.cols, out);
  else kernels.dequantizeRowQ4(w.data, w.scales, w.rows, row, w.blocks, w.cols, out);
}
