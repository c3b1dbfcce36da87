export type {
  Backend,
  BackendCapabilities,
  LoadModelOptions,
  RequiredFile,
  WeightDType,
} from './backend/backend.js';
export type { ForwardBatch, ForwardResult, ForwardSequence, ModelRunner } from './backend/model-runner.js';
export { validateForwardBatch } from './backend/validate-forward-batch.js';
export type {
  ClassificationResult,
  Classifier,
  ClassifierInfo,
  ClassifyOptions,
} from './classifier/classifier.js';
export type { ClassifierConfig } from './classifier/classifier-config.js';
export { parseClassifierConfig } from './classifier/classifier-config.js';
export type { ClassifierLoadProgress, CreateClassifierOptions } from './classifier/create-classifier.js';
export { createClassifier } from './classifier/create-classifier.js';
export { labelProbabilities } from './classifier/label-probabilities.js';
export type { ClassifyBatch, SequenceClassifierRunner } from './classifier/sequence-classifier-runner.js';
export type { JsonSchemaRegexOptions } from './constraints/json-schema/index.js';
export { compileJsonSchema } from './constraints/json-schema/index.js';
export type { LogitsConstraint } from './constraints/logits-constraint.js';
export type {
  ResponseFormat,
  StructuralTag,
  StructuralTagFormat,
} from './constraints/response-format.js';
export type { CreateEmbedderOptions, EmbedderLoadProgress } from './embedding/create-embedder.js';
export { createEmbedder } from './embedding/create-embedder.js';
export type { Embedder, EmbedderInfo, EmbeddingPooling, EmbedOptions } from './embedding/embedder.js';
export type { EncoderConfig } from './embedding/encoder-config.js';
export type { EncodeBatch, EncoderRunner } from './embedding/encoder-runner.js';
export type { ChatSessionOptions } from './engine/chat-session.js';
export { ChatSession } from './engine/chat-session.js';
export type { CreateEngineOptions, EngineLoadProgress } from './engine/create-engine.js';
export { createEngine, DEFAULT_PREFIX_CACHE_BYTES } from './engine/create-engine.js';
export type { SchedulingOptions } from './engine/create-scheduler.js';
export type { EngineInfo } from './engine/engine.js';
export { Engine } from './engine/engine.js';
export type { GenerateInput, GenerateOptions, GenerateRequest } from './engine/generate-options.js';
export type { MessageChatOptions } from './engine/message-chat-session.js';
export { MessageChatSession } from './engine/message-chat-session.js';
export type { EngineMiddleware } from './engine/middleware.js';
export { StopSequenceMatcher } from './engine/stop-sequence-matcher.js';
export type {
  AnnotationEvent,
  FinishEvent,
  FinishReason,
  GenerateResult,
  PrefillProgressEvent,
  StreamEvent,
  TextDeltaEvent,
  Timings,
  TokenEvent,
  Usage,
} from './engine/stream-events.js';
export type { TextGenerator } from './engine/text-generator.js';
export { resultOf } from './engine/text-generator.js';
export { WrappedEngine, wrapEngine } from './engine/wrap-engine.js';
export type { PocketLMErrorCode } from './errors/pocketlm-error.js';
export { abortError, PocketLMError, throwIfAborted } from './errors/pocketlm-error.js';
export type { DownloadFileOptions, DownloadFileResult } from './hub/download-file.js';
export { downloadFile } from './hub/download-file.js';
export type { DownloadProgress } from './hub/download-progress.js';
export type {
  ModelSource,
  ParseModelSourceOptions,
  PathModelSource,
  RemoteModelSource,
} from './hub/model-source.js';
export { DEFAULT_HUB_URL, DEFAULT_REVISION, parseModelSource } from './hub/model-source.js';
export type { ResolveOptions } from './hub/resolve-model-files.js';
export { MODEL_METADATA_FILES, resolveModelFiles } from './hub/resolve-model-files.js';
export { createKVCache } from './kv-cache/create-kv-cache.js';
export { FullKVCache } from './kv-cache/full-kv-cache.js';
export { kvBytesForContext, kvBytesPerToken } from './kv-cache/kv-bytes-per-token.js';
export type { KVAppend, KVCache, KVCacheLayout } from './kv-cache/kv-cache.js';
export type {
  FullKVCachePolicy,
  KVCachePolicy,
  QuantizedKVCachePolicy,
  SlidingWindowKVCachePolicy,
  ValueNormKVCachePolicy,
} from './kv-cache/kv-cache-policy.js';
export { validateKVCachePolicy } from './kv-cache/kv-cache-policy.js';
export type { PrefixCacheOptions, PrefixLookupOptions, PrefixMatch } from './kv-cache/prefix-cache.js';
export { PrefixCache } from './kv-cache/prefix-cache.js';
export type { QuantizedKVCacheOptions } from './kv-cache/quantized-kv-cache.js';
export { QuantizedKVCache } from './kv-cache/quantized-kv-cache.js';
export type { SlidingWindowKVCacheOptions } from './kv-cache/sliding-window-kv-cache.js';
export { SlidingWindowKVCache } from './kv-cache/sliding-window-kv-cache.js';
export type { KVStorage } from './kv-cache/token-store.js';
export type { ValueNormKVCacheOptions } from './kv-cache/value-norm-kv-cache.js';
export { ValueNormKVCache } from './kv-cache/value-norm-kv-cache.js';
export type { ModelConfig } from './model/model-config.js';
export { parseModelConfig } from './model/model-config.js';
export type { ModelFiles } from './model/model-files.js';
export type { ModelStore } from './model/model-store.js';
export {
  OPENAI_SAMPLING_FIELD_PAIRS,
  OPENAI_SAMPLING_FIELDS,
  type OpenAISamplingField,
} from './openai/openai-sampling-fields.js';
export { argmax, sampleToken } from './sampling/sample-token.js';
export type { ResolvedSampling, SamplingOptions } from './sampling/sampling-options.js';
export { resolveSampling } from './sampling/sampling-options.js';
export type { Rng } from './sampling/seeded-rng.js';
export { randomSeed, seededRng } from './sampling/seeded-rng.js';
export type { ContinuousBatchSchedulerOptions } from './scheduler/continuous-batch-scheduler.js';
export { ContinuousBatchScheduler } from './scheduler/continuous-batch-scheduler.js';
export type { MemoryBudget } from './scheduler/memory-budget.js';
export type { Scheduler, SequenceTask, StepDecision } from './scheduler/scheduler.js';
export type { SerialSchedulerOptions } from './scheduler/serial-scheduler.js';
export { SerialScheduler } from './scheduler/serial-scheduler.js';
export type { DraftModelDrafterOptions } from './speculative/draft-model-drafter.js';
export { DraftModelDrafter } from './speculative/draft-model-drafter.js';
export type { Drafter } from './speculative/drafter.js';
export type { DraftModelOptions } from './speculative/load-draft-model.js';
export type { PromptLookupOptions } from './speculative/prompt-lookup-drafter.js';
export { PromptLookupDrafter } from './speculative/prompt-lookup-drafter.js';
export type { SpeculationRequest, SpeculationStats } from './speculative/speculation.js';
export type { SpeculativeOptions } from './speculative/speculative-options.js';
export { createIncrementalDecoder } from './tokenizer/create-incremental-decoder.js';
export type { HfTokenizerSources } from './tokenizer/hf-tokenizer.js';
export { HfTokenizer } from './tokenizer/hf-tokenizer.js';
export { loadTokenizer } from './tokenizer/load-tokenizer.js';
export type {
  ChatMessage,
  ChatTemplateOptions,
  ChatToolCall,
  EncodeOptions,
  IncrementalDecoder,
  Tokenizer,
  ToolDefinition,
} from './tokenizer/tokenizer.js';
