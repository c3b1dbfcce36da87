export { decodeBF16, decodeF16, f16ToF32 } from './decode-half.js';
export {
  dequantizeQ4_0,
  dequantizeQ8_0,
  GGML_BLOCK_VALUES,
  Q4_0_BLOCK_BYTES,
  Q8_0_BLOCK_BYTES,
} from './dequantize-blocks.js';
export { GGML_TYPE_ID } from './gguf/gguf-constants.js';
export type { GgufHeader, GgufTensorInfo } from './gguf/gguf-header.js';
export type { GgufScalar, GgufValue } from './gguf/gguf-metadata.js';
export { type GgufWeightSource, openGguf } from './gguf/gguf-source.js';
export { ggufTensorName, hfTensorName } from './gguf/gguf-tensor-names.js';
export { ggufRowOfHfRow, permuteRopeRows } from './gguf/rope-row-permutation.js';
export { LLAMA_FAMILY_MODEL_TYPES, type LlamaArchitecture } from './llama-architecture.js';
export {
  DEFAULT_GGUF_FILES,
  isGgufFile,
  type OpenWeightSourceOptions,
  openWeightSource,
  resolveWeightFile,
  SAFETENSORS_FILE,
} from './open-weight-source.js';
export { configArchitecture, type ReadArchitectureOptions, readArchitecture } from './read-architecture.js';
export { openSafetensors } from './safetensors/safetensors-source.js';
export {
  openShardedSafetensors,
  SAFETENSORS_INDEX_FILE,
} from './safetensors/sharded-safetensors-source.js';
export type { SourceDType, TensorEntry, WeightSource } from './weight-source.js';
