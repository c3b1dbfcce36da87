import { invalidModel } from '../invalid-model.js';
import type { LlamaArchitecture } from '../llama-architecture.js';
import type { GgufHeader } from './gguf-header.js';
import type { GgufValue } from './gguf-metadata.js';

/** `general.architecture` values this backend runs: llama.cpp stores Llama, Mistral and SmolLM as `llama`. */
export const GGUF_ARCHITECTURE = 'llama';

/** Refuses a GGUF whose `general.architecture` is not `llama` (its tensors and RoPE layout would differ). */
export function checkGgufArchitecture(file: string, metadata: ReadonlyMap<string, GgufValue>): void {
  const arch = metadata.get('general.architecture');
  if (arch !== GGUF_ARCHITECTURE) {
    throw invalidModel(
      file,
      `general.architecture is ${JSON.stringify(arch)}; this backend runs "llama" GGUF files.`,
      { architecture: arch, unsupported: 'architecture' },
    );
  }
}

/** A positive integer metadata value, or undefined when the key is absent; `INVALID_MODEL` when it is anything else. */
function optionalPositiveInt(
  file: string,
  metadata: ReadonlyMap<string, GgufValue>,
  key: string,
): number | undefined {
  const value = metadata.get(key);
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    throw invalidModel(file, `metadata ${key} must be a positive integer, got ${String(value)}.`, { key });
  }
  return value;
}

function positiveInt(file: string, metadata: ReadonlyMap<string, GgufValue>, key: string): number {
  const value = optionalPositiveInt(file, metadata, key);
  if (value === undefined) throw invalidModel(file, `metadata ${key} is missing.`, { key });
  return value;
}

function positiveFloat(
  file: string,
  metadata: ReadonlyMap<string, GgufValue>,
  key: string,
  fallback: number,
): number {
  const value = metadata.get(key);
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) {
    throw invalidModel(file, `metadata ${key} must be a positive number, got ${String(value)}.`, { key });
  }
  return value;
}

/**
 * The attention head counts of a `llama` GGUF (needed to undo the Q/K row permutation before the rest is read).
 */
export function ggufHeadCounts(
  file: string,
  metadata: ReadonlyMap<string, GgufValue>,
): { numHeads: number; numKVHeads: number } {
  const numHeads = positiveInt(file, metadata, 'llama.attention.head_count');
  const numKVHeads = optionalPositiveInt(file, metadata, 'llama.attention.head_count_kv') ?? numHeads;
  if (numHeads % numKVHeads !== 0) {
    throw invalidModel(file, `head_count ${numHeads} is not a multiple of head_count_kv ${numKVHeads}.`);
  }
  return { numHeads, numKVHeads };
}

/** The Llama hyperparameters in a GGUF's `llama.*` metadata (defaults as llama.cpp applies them). */
export function ggufArchitecture(file: string, header: GgufHeader): LlamaArchitecture {
  const { metadata } = header;
  checkGgufArchitecture(file, metadata);
  const { numHeads, numKVHeads } = ggufHeadCounts(file, metadata);
  const hiddenSize = positiveInt(file, metadata, 'llama.embedding_length');
  const headDim = optionalPositiveInt(file, metadata, 'llama.attention.key_length') ?? hiddenSize / numHeads;
  if (!Number.isInteger(headDim)) {
    throw invalidModel(file, `embedding_length ${hiddenSize} does not split into ${numHeads} heads.`);
  }
  const names = new Set(header.tensors.map((t) => t.name));
  const embedding = header.tensors.find((t) => t.name === 'token_embd.weight');
  const tokens = metadata.get('tokenizer.ggml.tokens');
  const vocabSize =
    optionalPositiveInt(file, metadata, 'llama.vocab_size') ??
    embedding?.dims[1] ??
    (Array.isArray(tokens) ? tokens.length : undefined);
  if (vocabSize === undefined)
    throw invalidModel(file, 'the vocabulary size is unknown (no llama.vocab_size).');
  return {
    modelType: 'llama',
    hiddenSize,
    numLayers: positiveInt(file, metadata, 'llama.block_count'),
    numHeads,
    numKVHeads,
    headDim,
    intermediateSize: positiveInt(file, metadata, 'llama.feed_forward_length'),
    ropeTheta: positiveFloat(file, metadata, 'llama.rope.freq_base', 10000),
    rmsNormEps: positiveFloat(file, metadata, 'llama.attention.layer_norm_rms_epsilon', 1e-5),
    vocabSize,
    tieWordEmbeddings: !names.has('output.weight'),
    attentionBias: names.has('blk.0.attn_q.bias'),
    maxPositionEmbeddings: positiveInt(file, metadata, 'llama.context_length'),
  };
}
