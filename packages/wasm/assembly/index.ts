// The kernels module: every export is a plain function over pointers into the imported linear memory, so one
// instance per worker can share a single WebAssembly.Memory. No AssemblyScript-managed objects are allocated.

export { attention } from './attention';
export { addBias, addInPlace, scatterHeads, swiglu } from './elementwise';
export { copyRowF32, groupRowsF32 } from './f32-layout';
export { convertBF16, convertF16 } from './half-float';
export { matmulF32 } from './matmul-f32';
export { matmulQ4, matmulQ8 } from './matmul-quantized';
export { quantizeActivations } from './quantize-activations';
export {
  dequantizeRowQ4,
  dequantizeRowQ8,
  quantizeQ4,
  quantizeQ8,
  repackQ4_0,
  repackQ8_0,
} from './quantize-weights';
export { rmsNorm } from './rms-norm';
export { rope } from './rope';

/** First byte the host may allocate from: everything below holds the module's static data. */
export function heapBase(): usize {
  return __heap_base;
}
