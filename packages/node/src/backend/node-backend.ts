import {
  type Backend,
  type BackendCapabilities,
  type LoadModelOptions,
  type ModelFiles,
  type ModelRunner,
  type ModelStore,
  PocketLMError,
  parseModelConfig,
  type RequiredFile,
  throwIfAborted,
  type WeightDType,
} from '@pocketlm/core';
import { FileModelStore } from '../store/file-model-store.js';
import { createOrtSession, ONNX_DATA_FILE, ONNX_MODEL_FILE } from './create-ort-session.js';
import { type NodeSessionOptions, toOrtSessionOptions } from './node-session-options.js';
import { checkOnnxIOLayout } from './onnx-io-layout.js';
import { ORT_MAX_BATCH_SIZE, OrtModelRunner } from './ort-model-runner.js';
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

const supportedDTypes: WeightDType[] = ['fp32'];

function checkDType(dtype: WeightDType | undefined): void {
  if (dtype !== undefined && !supportedDTypes.includes(dtype)) {
    throw new PocketLMError(
      'INVALID_OPTIONS',
      `The Node backend loads ${supportedDTypes.join(', ')} ONNX weights; dtype ${JSON.stringify(dtype)} is not supported.`,
      { details: { dtype, supported: supportedDTypes } },
    );
  }
}

async function readConfig(files: ModelFiles) {
  if (!(await files.has('config.json'))) {
    throw new PocketLMError('MODEL_NOT_FOUND', `${files.id} has no config.json.`, {
      details: { model: files.id, file: 'config.json' },
    });
  }
  return parseModelConfig(await files.readText('config.json'), `${files.id}/config.json`);
}

/**
 * A backend that runs Optimum-layout ONNX exports (`onnx/model.onnx`) on onnxruntime-node, on the CPU by default.
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
  let store = options.store;
  const capabilities: BackendCapabilities = {
    dtypes: [...supportedDTypes],
    devices: ['cpu'],
    maxBatchSize: ORT_MAX_BATCH_SIZE,
    allPositionLogits: true,
  };

  return {
    specificationVersion: 'v1',
    name: 'node',
    capabilities,
    // Created on first use so a backend given no store touches the filesystem only when it needs to.
    get store(): ModelStore {
      store ??= new FileModelStore();
      return store;
    },
    requiredFiles(loadOptions: LoadModelOptions): RequiredFile[] {
      checkDType(loadOptions.dtype);
      return [{ name: ONNX_MODEL_FILE }, { name: ONNX_DATA_FILE, optional: true }];
    },
    async loadModel(files: ModelFiles, loadOptions: LoadModelOptions = {}): Promise<ModelRunner> {
      checkDType(loadOptions.dtype);
      throwIfAborted(loadOptions.signal);
      const config = await readConfig(files);
      const ort = await loadOrtRuntime(options.ort);
      const { session, weightBytes } = await createOrtSession(ort, files, sessionOptions, loadOptions);
      let vocabSize: number;
      try {
        ({ vocabSize } = checkOnnxIOLayout(session, config, `${files.id}/${ONNX_MODEL_FILE}`));
      } catch (error) {
        await session.release().catch(() => {});
        throw error;
      }
      return new OrtModelRunner({ ort, session, config, vocabSize, weightBytes });
    },
  };
}
