import { optionalPositiveInt, readJsonConfig } from '../model/read-json-config.js';

/** What an embedder needs from `config.json`; the architecture itself is the backend's business. */
export interface EncoderConfig {
  hiddenSize: number | undefined;
  maxPositionEmbeddings: number | undefined;
  vocabSize: number | undefined;
}

/**
 * Parses an encoder's `config.json` for its width and limits; throws `INVALID_CONFIG` for text that is not a JSON
 * object. `architectures` is not checked: embedding repos list BertModel as often as BertForMaskedLM, and what
 * matters is the export, whose `last_hidden_state` the backend checks when it loads.
 */
export function parseEncoderConfig(text: string, source = 'config.json'): EncoderConfig {
  const r = readJsonConfig(text, source);
  return {
    hiddenSize:
      optionalPositiveInt(r.hidden_size) ?? optionalPositiveInt(r.dim) ?? optionalPositiveInt(r.d_model),
    maxPositionEmbeddings: optionalPositiveInt(r.max_position_embeddings),
    vocabSize: optionalPositiveInt(r.vocab_size),
  };
}
