import type { Backend } from '../src/backend/backend.js';
import { PocketLMError, type PocketLMErrorCode } from '../src/errors/pocketlm-error.js';
import { MemoryModelStore, memoryFiles } from './hub-memory-store.js';

// Shared by the embedding and classifier fakes and error tests, which built the same store and backend.

/** The error code a promise rejects with, or 'resolved'; rethrows anything that is not a PocketLMError. */
export async function codeOf(promise: Promise<unknown>): Promise<PocketLMErrorCode | 'resolved'> {
  try {
    await promise;
    return 'resolved';
  } catch (error) {
    if (!PocketLMError.isInstance(error)) throw error;
    return error.code;
  }
}

const encoder = new TextEncoder();

/** What a fixture tokenizer gives the fake's files. */
interface FakeTokenizerFiles {
  tokenizerJson: unknown;
  tokenizerConfig: unknown;
}

/**
 * A store that opens `model` in place from memory: config.json (with `overrides` applied, an undefined value
 * deleting the key), the tokenizer, a placeholder ONNX file, and `extra` files (strings as they are, else JSON).
 */
export function fakeModelStore(
  model: string,
  config: Record<string, unknown>,
  tok: FakeTokenizerFiles,
  overrides: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
): MemoryModelStore {
  const merged = { ...config };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete merged[key];
    else merged[key] = value;
  }
  const files = new Map<string, Uint8Array>([
    ['config.json', encoder.encode(JSON.stringify(merged))],
    ['tokenizer.json', encoder.encode(JSON.stringify(tok.tokenizerJson))],
    ['tokenizer_config.json', encoder.encode(JSON.stringify(tok.tokenizerConfig))],
    ['onnx/model.onnx', new Uint8Array(8)],
  ]);
  for (const [name, value] of Object.entries(extra)) {
    files.set(name, encoder.encode(typeof value === 'string' ? value : JSON.stringify(value)));
  }
  const store = new MemoryModelStore();
  store.local.set(
    model,
    memoryFiles(model, () => files),
  );
  return store;
}

/** A v1 backend named 'fake' over `store` that cannot generate; `loaders` adds loadEncoder / loadClassifier. */
export function fakeLoaderBackend(
  store: MemoryModelStore,
  maxBatchSize: number,
  loaders: Pick<Backend, 'loadEncoder' | 'loadClassifier'>,
): Backend {
  return {
    specificationVersion: 'v1',
    name: 'fake',
    capabilities: {
      dtypes: ['fp32'],
      devices: ['cpu'],
      maxBatchSize,
      allPositionLogits: true,
    },
    store,
    requiredFiles: () => [{ name: 'onnx/model.onnx' }],
    loadModel: () => Promise.reject(new Error('not a generative model')),
    ...loaders,
  };
}
