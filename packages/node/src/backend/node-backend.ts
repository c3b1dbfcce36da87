import type { Backend, ModelStore } from '@pocketlm/core';
import { type OrtSessionFactory, ortBackend } from '@pocketlm/core/ort';
import { FileModelStore } from '../store/file-model-store.js';
import { type NodeSessionOptions, toOrtSessionOptions } from './node-session-options.js';
import { loadOrtRuntime, type OrtRuntimeSource } from './ort-runtime.js';

/** Options of {@link nodeBackend}. */
export interface NodeBackendOptions {
  /**
   * The onnxruntime-node module, or a function that loads it. Defaults to a dynamic `import('onnxruntime-node')`
   * on the first `loadModel`; when that fails, `loadModel` rejects with `BACKEND_UNAVAILABLE`.
   */
  ort?: OrtRuntimeSource;
  /** ORT session settings (threads, graph optimisation, execution providers). */
  session?: NodeSessionOptions;
  /** Where downloaded models are kept. Defaults to a `FileModelStore` in the user's cache directory. */
  store?: ModelStore;
}

/**
 * A backend that runs Optimum-layout ONNX exports on onnxruntime-node, on the CPU by default: `onnx/model.onnx`
 * (dtype `fp32`, the default) or `onnx/model_q4.onnx` (dtype `q4`: 4-bit weights in com.microsoft `MatMulNBits`).
 * Decoders load through `loadModel`; sequence classifiers (Optimum `text-classification` exports) through
 * `loadClassifier`; encoders for embeddings (`feature-extraction` exports) through `loadEncoder`.
 *
 * @example
 * ```ts
 * const backend = nodeBackend({ session: { intraOpNumThreads: 4 } });
 * const files = await backend.store.openLocal('./models/SmolLM2-135M');
 * const runner = await backend.loadModel(files!, {});
 * ```
 */
export function nodeBackend(options: NodeBackendOptions = {}): Backend {
  // Validate eagerly so a typo in the options fails where the backend is created.
  const sessionOptions = toOrtSessionOptions(options.session);
  const sessionFactory: OrtSessionFactory = {
    loadRuntime: () => loadOrtRuntime(options.ort),
    sessionOptions,
  };
  return ortBackend({
    name: 'node',
    label: 'Node',
    devices: ['cpu'],
    store: options.store,
    // Created on first use so a backend given no store touches the filesystem only when it needs to.
    createStore: () => new FileModelStore(),
    withSessionFactory: (load) => load(sessionFactory),
  });
}
