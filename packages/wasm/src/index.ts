/**
 * `@pocketlm/wasm`: PocketLM's own WebAssembly-SIMD backend (AssemblyScript kernels, Llama-family forward pass,
 * f32 / int8 / 4-bit weights) and the safetensors and GGUF readers it loads from.
 */
export { type WasmBackend, type WasmBackendOptions, wasmBackend } from './backend/wasm-backend.js';
export * from './formats/index.js';
export type { WasmLoadInfo } from './runner/wasm-model-runner.js';
export { WasmModelRunner } from './runner/wasm-model-runner.js';
export {
  type CreateKernelWorker,
  fromNodeWorker,
  fromWebWorker,
  type KernelWorker,
  type NodeWorkerLike,
  type WebWorkerLike,
} from './threads/kernel-worker-handle.js';
