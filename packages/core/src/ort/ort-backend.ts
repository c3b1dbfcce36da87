import type { Backend, BackendCapabilities, LoadModelOptions, RequiredFile } from '../backend/backend.js';
import type { ModelFiles } from '../model/model-files.js';
import type { ModelStore } from '../model/model-store.js';
import { loadOrtClassifier } from './load-ort-classifier.js';
import { loadOrtDecoder } from './load-ort-decoder.js';
import { loadOrtEncoder } from './load-ort-encoder.js';
import { ORT_DTYPES, onnxWeightFiles } from './onnx-weight-files.js';
import { ORT_MAX_BATCH_SIZE } from './ort-model-runner.js';
import type { OrtSessionFactory } from './ort-session-factory.js';

/** What differs between ORT backends; {@link ortBackend} builds the rest. */
export interface OrtBackendSpec {
  /** The backend's `name` (`'node'`, `'web'`). */
  name: string;
  /** Names the backend in dtype errors (`'Node'`, `'web'`). */
  label: string;
  devices: string[];
  /** The store given in the options, if any. */
  store?: ModelStore;
  /** The default store, created on first use so a backend that never downloads never touches storage. */
  createStore: () => ModelStore;
  /**
   * Runs one load with a session factory. A fixed runtime just calls `load(factory)`; the web backend picks a
   * device and retries on WASM when WebGPU fails.
   */
  withSessionFactory: <T>(load: (factory: OrtSessionFactory) => Promise<T>) => Promise<T>;
  /** Adapts the files before loading (the web backend drops `localPath`: onnxruntime-web takes bytes only). */
  prepareFiles?: (files: ModelFiles) => ModelFiles;
}

/**
 * A core `Backend` on the shared ORT runners: Optimum-layout ONNX decoders (`loadModel`), sequence classifiers
 * (`loadClassifier`) and encoders (`loadEncoder`), for whichever onnxruntime package `spec` brings.
 */
export function ortBackend(spec: OrtBackendSpec): Backend {
  let store = spec.store;
  const prepare = spec.prepareFiles ?? ((files: ModelFiles) => files);
  const capabilities: BackendCapabilities = {
    dtypes: [...ORT_DTYPES],
    devices: spec.devices,
    maxBatchSize: ORT_MAX_BATCH_SIZE,
    allPositionLogits: true,
  };
  return {
    specificationVersion: 'v1',
    name: spec.name,
    capabilities,
    get store(): ModelStore {
      store ??= spec.createStore();
      return store;
    },
    requiredFiles(loadOptions: LoadModelOptions): RequiredFile[] {
      const weights = onnxWeightFiles(loadOptions.dtype, spec.label);
      return [{ name: weights.model }, { name: weights.data, optional: true }];
    },
    loadModel(files, loadOptions = {}) {
      return spec.withSessionFactory((factory) =>
        loadOrtDecoder(factory, prepare(files), loadOptions, spec.label),
      );
    },
    // Sequence classifiers (`createClassifier`): the same files and session options, another I/O layout.
    loadClassifier(files, loadOptions = {}) {
      return spec.withSessionFactory((factory) => loadOrtClassifier(factory, prepare(files), loadOptions));
    },
    // Encoders for embeddings (`createEmbedder`): Optimum feature-extraction exports.
    loadEncoder(files, loadOptions = {}) {
      return spec.withSessionFactory((factory) => loadOrtEncoder(factory, prepare(files), loadOptions));
    },
  };
}
