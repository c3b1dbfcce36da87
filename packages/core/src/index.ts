export { PocketLMError, abortError, throwIfAborted } from './errors/pocketlm-error.js';
export type { PocketLMErrorCode } from './errors/pocketlm-error.js';

export type { Backend, BackendCapabilities, LoadModelOptions, RequiredFile, WeightDType } from './backend/backend.js';
export type { ForwardBatch, ForwardResult, ForwardSequence, ModelRunner } from './backend/model-runner.js';

export type { ModelFiles } from './model/model-files.js';
export type { ModelStore } from './model/model-store.js';
export { parseModelConfig } from './model/model-config.js';
export type { ModelConfig } from './model/model-config.js';

export type { KVAppend, KVCache, KVCacheLayout } from './kv-cache/kv-cache.js';
export { FullKVCache } from './kv-cache/full-kv-cache.js';

export type {
  ChatMessage,
  ChatTemplateOptions,
  EncodeOptions,
  IncrementalDecoder,
  Tokenizer,
} from './tokenizer/tokenizer.js';
