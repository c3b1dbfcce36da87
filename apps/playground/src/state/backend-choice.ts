/**
 * Which engine the page runs a model on. Each runs in its own worker (`serveEngine` serves one backend per worker):
 * - `onnxruntime-web`: `@pocketlm/web`'s backend, ONNX weights (`onnx/model.onnx`), WebGPU or WASM;
 * - `pocketlm-wasm`: `@pocketlm/wasm`, PocketLM's own SIMD kernels on `model.safetensors`, no onnxruntime at all.
 */
export type BackendChoice = 'onnxruntime-web' | 'pocketlm-wasm';

export const DEFAULT_BACKEND: BackendChoice = 'onnxruntime-web';

/** The picker's options, in order, with what a person reads. */
export const BACKEND_LABELS: Readonly<Record<BackendChoice, string>> = {
  'onnxruntime-web': 'ONNX Runtime Web',
  'pocketlm-wasm': 'PocketLM WASM',
};

/** `?backend=` or the picker's value, if it names a backend; undefined otherwise. */
export function parseBackendChoice(value: string | null | undefined): BackendChoice | undefined {
  return value === 'onnxruntime-web' || value === 'pocketlm-wasm' ? value : undefined;
}
