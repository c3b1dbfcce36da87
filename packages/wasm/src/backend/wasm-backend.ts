import {
  type Backend,
  type BackendCapabilities,
  type LoadModelOptions,
  type ModelFiles,
  type ModelStore,
  PocketLMError,
  type RequiredFile,
} from '@pocketlm/core';
import { SAFETENSORS_FILE } from '../formats/index.js';
import { WASM32_MAX_BYTES } from '../memory/wasm-heap.js';
import { loadWasmModel } from '../runner/load-wasm-model.js';
import type { WasmModelRunner } from '../runner/wasm-model-runner.js';
import type { CreateKernelWorker } from '../threads/kernel-worker-handle.js';
import { defaultThreadEnvironment } from '../threads/thread-environment.js';
import { checkThreadsOption, planThreads } from '../threads/thread-plan.js';

/** Options of {@link wasmBackend}. */
export interface WasmBackendOptions {
  /**
   * Where downloaded models are kept: `fileModelStore()` from `@pocketlm/node` in Node, a browser store in the
   * browser. Required because this package runs everywhere and so picks no storage itself.
   */
  store: ModelStore;
  /**
   * The weight file to read and download: `model.safetensors` (default) or a `.gguf` file such as
   * `model-q4_0.gguf` (its extension picks the reader).
   */
  file?: string;
  /** Most bytes of WebAssembly memory one model may use (weights, KV, scratch). Default and cap: 4 GiB (wasm32). */
  maxMemoryBytes?: number;
  /** Most sequences one forward accepts. Default 8. */
  maxBatchSize?: number;
  /**
   * Threads the products and attention are split across: the calling thread plus workers sharing one
   * `WebAssembly.Memory` over a SharedArrayBuffer. `'auto'` (default): the cores, at most 4. Where shared memory
   * is unavailable (a browser page without cross-origin isolation) it is one thread, and `loadInfo.threadsReason`
   * says why. Results are bit-identical whatever the count.
   */
  threads?: number | 'auto';
  /**
   * Starts one kernel worker (running this package's `kernel-worker.js`). Default: Node's `worker_threads`, or a
   * module Web Worker in browsers; pass your own when a bundler moves the worker script.
   */
  createWorker?: CreateKernelWorker;
}

/** A `Backend` whose runners are {@link WasmModelRunner}s (with `loadInfo` and memory figures). */
export interface WasmBackend extends Backend {
  loadModel(files: ModelFiles, options: LoadModelOptions): Promise<WasmModelRunner>;
}

function positiveInteger(value: number | undefined, name: string, fallback: number, max = Infinity): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value <= 0 || value > max) {
    throw new PocketLMError(
      'INVALID_OPTIONS',
      `wasmBackend: ${name} must be a positive integer up to ${max}, got ${value}.`,
      {
        details: { [name]: value },
      },
    );
  }
  return value;
}

/**
 * PocketLM's own WebAssembly backend: Llama-family models from `model.safetensors` or a GGUF file, on
 * AssemblyScript kernels with 128-bit SIMD, with f32, int8 (`q8`) or 4-bit (`q4`) weights. The same bundle runs
 * in Node and browsers; nothing native is installed.
 *
 * @example
 * ```ts
 * import { createEngine } from '@pocketlm/core';
 * import { fileModelStore } from '@pocketlm/node';
 * import { wasmBackend } from '@pocketlm/wasm';
 *
 * const engine = await createEngine({ backend: wasmBackend({ store: fileModelStore() }), model: './SmolLM2-135M', dtype: 'q8' });
 * ```
 */
export function wasmBackend(options: WasmBackendOptions): WasmBackend {
  if (!options || typeof options.store !== 'object' || options.store === null) {
    throw new PocketLMError(
      'INVALID_OPTIONS',
      'wasmBackend needs a `store` (e.g. fileModelStore() from @pocketlm/node, or a browser model store).',
    );
  }
  if (options.file !== undefined && (typeof options.file !== 'string' || options.file.length === 0)) {
    throw new PocketLMError('INVALID_OPTIONS', 'wasmBackend: file must be a non-empty file name.');
  }
  const maxMemoryBytes = positiveInteger(
    options.maxMemoryBytes,
    'maxMemoryBytes',
    WASM32_MAX_BYTES,
    WASM32_MAX_BYTES,
  );
  const maxBatchSize = positiveInteger(options.maxBatchSize, 'maxBatchSize', 8);
  const threads = checkThreadsOption(options.threads);
  if (options.createWorker !== undefined && typeof options.createWorker !== 'function') {
    throw new PocketLMError('INVALID_OPTIONS', 'wasmBackend: createWorker must be a function.');
  }
  const capabilities: BackendCapabilities = {
    dtypes: ['fp32', 'q8', 'q4'],
    devices: ['wasm'],
    maxBatchSize,
    allPositionLogits: true,
  };
  return {
    specificationVersion: 'v1',
    name: 'wasm',
    capabilities,
    store: options.store,
    requiredFiles(): RequiredFile[] {
      return [{ name: options.file ?? SAFETENSORS_FILE }];
    },
    loadModel: (files, loadOptions) =>
      loadWasmModel(files, loadOptions, {
        file: options.file ?? SAFETENSORS_FILE,
        maxMemoryBytes,
        maxBatchSize,
        threads: planThreads(threads, defaultThreadEnvironment(), options.createWorker),
      }),
  };
}
