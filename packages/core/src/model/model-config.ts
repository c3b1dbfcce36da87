import { PocketLMError } from '../errors/pocketlm-error.js';
import { readJsonConfig } from './read-json-config.js';

/** The architecture facts of a Llama-family model, read from `config.json`. */
export interface ModelConfig {
  modelType: string;
  vocabSize: number;
  hiddenSize: number;
  intermediateSize: number;
  numLayers: number;
  numHeads: number;
  numKVHeads: number;
  headDim: number;
  maxPositionEmbeddings: number;
  ropeTheta: number;
  rmsNormEps: number;
  tieWordEmbeddings: boolean;
  bosTokenId: number | undefined;
  eosTokenIds: number[];
  /** The raw JSON, for backends that need more. */
  raw: Record<string, unknown>;
}

function positiveInt(raw: Record<string, unknown>, key: string, source: string): number {
  const v = raw[key];
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) {
    throw new PocketLMError(
      'INVALID_CONFIG',
      `${source}: "${key}" must be a positive integer, got ${JSON.stringify(v)}.`,
      {
        details: { key, value: v },
      },
    );
  }
  return v;
}

function idList(v: unknown): number[] {
  if (typeof v === 'number') return [v];
  if (Array.isArray(v)) return v.filter((x): x is number => typeof x === 'number');
  return [];
}

/** Parses and validates `config.json` text. Throws `INVALID_CONFIG` with the offending field. */
export function parseModelConfig(text: string, source = 'config.json'): ModelConfig {
  const r = readJsonConfig(text, source);
  const hiddenSize = positiveInt(r, 'hidden_size', source);
  const numHeads = positiveInt(r, 'num_attention_heads', source);
  const numKVHeads =
    r.num_key_value_heads === undefined ? numHeads : positiveInt(r, 'num_key_value_heads', source);
  if (numHeads % numKVHeads !== 0) {
    throw new PocketLMError(
      'INVALID_CONFIG',
      `${source}: num_attention_heads (${numHeads}) must be a multiple of num_key_value_heads (${numKVHeads}).`,
    );
  }
  const headDim = r.head_dim === undefined ? hiddenSize / numHeads : positiveInt(r, 'head_dim', source);
  if (!Number.isInteger(headDim)) {
    throw new PocketLMError(
      'INVALID_CONFIG',
      `${source}: hidden_size is not divisible by num_attention_heads.`,
    );
  }
  return {
    modelType: typeof r.model_type === 'string' ? r.model_type : 'llama',
    vocabSize: positiveInt(r, 'vocab_size', source),
    hiddenSize,
    intermediateSize: positiveInt(r, 'intermediate_size', source),
    numLayers: positiveInt(r, 'num_hidden_layers', source),
    numHeads,
    numKVHeads,
    headDim,
    maxPositionEmbeddings: positiveInt(r, 'max_position_embeddings', source),
    ropeTheta: typeof r.rope_theta === 'number' ? r.rope_theta : 10000,
    rmsNormEps: typeof r.rms_norm_eps === 'number' ? r.rms_norm_eps : 1e-6,
    tieWordEmbeddings: r.tie_word_embeddings !== false,
    bosTokenId: typeof r.bos_token_id === 'number' ? r.bos_token_id : undefined,
    eosTokenIds: idList(r.eos_token_id),
    raw: r,
  };
}
