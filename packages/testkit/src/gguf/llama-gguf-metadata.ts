import type { FixtureSpec } from '../fixtures/fixture-specs.js';
import type { GgufMetadataEntry } from './gguf-metadata-entry.js';

/** The GGUF weight types the testkit writes, with llama.cpp's `general.file_type` (`llama_ftype`) of each. */
export const GGUF_FILE_TYPES = {
  F32: { fileType: 0 },
  Q8_0: { fileType: 7 },
  Q4_0: { fileType: 2 },
} as const;

/** A weight type of a fixture GGUF: every 2-D tensor is stored in it; norms stay F32, as llama.cpp keeps them. */
export type GgufWeightType = keyof typeof GGUF_FILE_TYPES;

/**
 * The `general.*` and `llama.*` metadata of a Llama fixture, with the keys and types llama.cpp's converter writes
 * (`gguf-py` constants: `llama.context_length`, `llama.attention.head_count_kv`, `llama.rope.freq_base`…).
 */
export function llamaGgufMetadata(
  name: string,
  spec: FixtureSpec,
  weights: GgufWeightType,
): GgufMetadataEntry[] {
  const u32 = (key: string, value: number): GgufMetadataEntry => ({ key, type: 'uint32', value });
  const f32 = (key: string, value: number): GgufMetadataEntry => ({ key, type: 'float32', value });
  const entries: GgufMetadataEntry[] = [
    { key: 'general.architecture', type: 'string', value: 'llama' },
    { key: 'general.type', type: 'string', value: 'model' },
    { key: 'general.name', type: 'string', value: `pocketlm-fixture-${name}` },
    u32('general.file_type', GGUF_FILE_TYPES[weights].fileType),
    u32('llama.vocab_size', spec.vocabSize),
    u32('llama.context_length', spec.maxPositionEmbeddings),
    u32('llama.embedding_length', spec.hiddenSize),
    u32('llama.block_count', spec.numLayers),
    u32('llama.feed_forward_length', spec.intermediateSize),
    u32('llama.rope.dimension_count', spec.headDim),
    u32('llama.attention.head_count', spec.numHeads),
    u32('llama.attention.head_count_kv', spec.numKVHeads),
    u32('llama.attention.key_length', spec.headDim),
    u32('llama.attention.value_length', spec.headDim),
    f32('llama.rope.freq_base', spec.ropeTheta),
    f32('llama.attention.layer_norm_rms_epsilon', spec.rmsNormEps),
  ];
  if (weights !== 'F32') entries.push(u32('general.quantization_version', 2));
  return entries;
}
