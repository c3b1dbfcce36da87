import { PocketLMError } from '../errors/pocketlm-error.js';

/** What an embedder needs from `config.json`; the architecture itself is the backend's business. */
export interface EncoderConfig {
  hiddenSize: number | undefined;
  maxPositionEmbeddings: number | undefined;
  vocabSize: number | undefined;
}

function positiveInt(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined;
}

/**
 * Parses an encoder's `config.json` for its width and limits; throws `INVALID_CONFIG` for text that is not a JSON
 * object. `architectures` is not checked: embedding repos list BertModel as often as BertForMaskedLM, and what
 * matters is the export, whose `last_hidden_state` the backend checks when it loads.
 */
export function parseEncoderConfig(text: string, source = 'config.json'): EncoderConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new PocketLMError('INVALID_CONFIG', `${source} is not valid JSON.`, { cause });
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new PocketLMError('INVALID_CONFIG', `${source} must hold a JSON object.`);
  }
  const r = raw as Record<string, unknown>;
  return {
    hiddenSize: positiveInt(r.hidden_size) ?? positiveInt(r.dim) ?? positiveInt(r.d_model),
    maxPositionEmbeddings: positiveInt(r.max_position_embeddings),
    vocabSize: positiveInt(r.vocab_size),
  };
}
