/**
 * `@pocketlm/testkit`: deterministic fixture models written from a seed, in Hugging Face layout
 * (config, tokenizer, safetensors, ONNX), plus a plain-JS reference Llama forward pass to check backends against.
 */

export { collect } from './collect.js';
export {
  buildClassifierConfig,
  CLASSIFIER_CLS_TOKEN,
  CLASSIFIER_PAD_TOKEN_ID,
} from './fixtures/classifier-config.js';
export { type ClassifierFixtureSpec, isClassifierFixtureSpec } from './fixtures/classifier-fixture-spec.js';
export { CLASSIFIER_TEXTS } from './fixtures/classifier-texts.js';
export {
  buildEncoderConfig,
  buildMeanPoolingConfig,
  ENCODER_PAD_TOKEN_ID,
} from './fixtures/encoder-config.js';
export { type EncoderFixtureSpec, isEncoderFixtureSpec } from './fixtures/encoder-fixture-spec.js';
export { ENCODER_TEXTS } from './fixtures/encoder-texts.js';
export { defaultFixturesRoot, type EnsureFixtureOptions, ensureFixture } from './fixtures/ensure-fixture.js';
export {
  assertFixtureName,
  type FixtureName,
  type FixtureSpec,
  fixtureSpecs,
  isFixtureName,
} from './fixtures/fixture-specs.js';
export {
  type EncoderFixtureName,
  encoderFixtureTokenizer,
  FIXTURE_GENERATOR_VERSION,
  FIXTURE_STAMP_FILE,
  type FixtureStamp,
  fixtureVersion,
  isEncoderFixtureName,
} from './fixtures/fixture-version.js';
export { fixtureWithChatTemplate } from './fixtures/fixture-with-chat-template.js';
export { FIXTURE_BOS_TOKEN_ID, FIXTURE_EOS_TOKEN_ID } from './fixtures/hf-config.js';
export { CLASSIFIER_ONNX_FILE } from './fixtures/write-classifier-fixture.js';
export { ENCODER_ONNX_FILE, ENCODER_POOLING_FILE } from './fixtures/write-encoder-fixture.js';
export {
  type FixtureProgressEvent,
  type WriteFixtureOptions,
  writeFixture,
} from './fixtures/write-fixture.js';
export { f16BitsToF32, f32ToF16Bits } from './gguf/float16.js';
export type { GgufMetadataEntry } from './gguf/gguf-metadata-entry.js';
export {
  buildGgufHeader,
  GGML_TENSOR_TYPES,
  type GgmlTensorType,
  type GgufTensorSpec,
  GgufWriter,
  ggufTensorBytes,
} from './gguf/gguf-writer.js';
export { GGUF_FILE_TYPES, type GgufWeightType, llamaGgufMetadata } from './gguf/llama-gguf-metadata.js';
export { llamaCppTensorName, permuteForLlamaCpp } from './gguf/llama-gguf-tensors.js';
export { Q4_0_BLOCK, Q4_0_BLOCK_BYTES, quantizeQ4_0 } from './gguf/quantize-q4-0.js';
export { Q8_0_BLOCK, Q8_0_BLOCK_BYTES, quantizeQ8_0 } from './gguf/quantize-q8-0.js';
export { FIXTURE_GGUF_FILES } from './gguf/write-llama-gguf.js';
export { type ByteRange, parseByteRange } from './http/byte-range.js';
export { contentTypeFor } from './http/content-type.js';
export {
  type ServedRequest,
  type StaticServer,
  type StaticServerOptions,
  startStaticServer,
} from './http/static-server.js';
export {
  type MarkdownCodeBlock,
  type MarkdownCodeBlockFilter,
  markdownCodeBlocks,
  parseMarkdownCodeBlocks,
} from './markdown/markdown-code-blocks.js';
export {
  type FixtureWeights,
  MS_DOMAIN,
  Q4_ACCURACY_LEVEL,
  type Q4AccuracyLevel,
} from './onnx/llama-projections.js';
export { FIXTURE_ONNX_FILES, FIXTURE_OPSET } from './onnx/write-llama-onnx.js';
export { q4ReferenceWeights } from './reference/q4-reference-weights.js';
export {
  type ReferenceForwardOptions,
  ReferenceLlama,
  type ReferenceLlamaConfig,
  type ReferenceLoadOptions,
  type ReferenceWeights,
  referenceConfigFromJson,
} from './reference/reference-llama.js';
export { referenceLogits } from './reference/reference-logits.js';
export {
  parseSafetensors,
  readSafetensors,
  type SafetensorsFile,
  type SafetensorsTensorInfo,
} from './safetensors/read-safetensors.js';
export {
  type BuildTokenizerOptions,
  type BuiltTokenizer,
  buildTokenizer,
} from './tokenizer/build-tokenizer.js';
export {
  type BuildWordPieceTokenizerOptions,
  type BuiltWordPieceTokenizer,
  buildWordPieceTokenizer,
  type WordPieceSpecialTokens,
} from './tokenizer/build-wordpiece-tokenizer.js';
export { bertTensors } from './weights/bert-weights.js';
export { distilbertTensors } from './weights/distilbert-weights.js';
export { generateTensor, type LlamaTensorInfo, llamaTensors } from './weights/llama-weights.js';
export { fixtureTensor, isQ4Quantized } from './weights/q4-grid.js';
export { Q4_BLOCK_SIZE, Q4_ZERO_POINT, type Q4Matrix, quantizeQ4 } from './weights/quantize-q4.js';
