import { PocketLMError } from '../errors/pocketlm-error.js';
import { readJsonConfig } from '../model/read-json-config.js';
import type { EmbeddingPooling } from './embedder.js';

/** Where sentence-transformers keeps a model's pooling settings. */
export const POOLING_CONFIG_FILE = '1_Pooling/config.json';

/** The `pooling_mode_*` flags sentence-transformers writes, and what we call the ones we run. */
const MODES: Record<string, EmbeddingPooling | undefined> = {
  pooling_mode_mean_tokens: 'mean',
  pooling_mode_cls_token: 'cls',
  pooling_mode_max_tokens: undefined,
  pooling_mode_mean_sqrt_len_tokens: undefined,
  pooling_mode_weightedmean_tokens: undefined,
  pooling_mode_lasttoken: undefined,
};

/**
 * The pooling a sentence-transformers `1_Pooling/config.json` asks for. Throws `INVALID_CONFIG` for text that is
 * not a JSON object, and `INVALID_MODEL` for a mode we do not run (max, last-token, weighted or several at once),
 * so a model is never silently pooled the way it was not trained; passing `pooling` explicitly skips this file.
 */
export function parsePoolingConfig(text: string, source = POOLING_CONFIG_FILE): EmbeddingPooling {
  const raw = readJsonConfig(text, source);
  const on = Object.keys(MODES).filter((key) => raw[key] === true);
  const pooling = on.length === 1 ? MODES[on[0]] : undefined;
  if (pooling === undefined) {
    throw new PocketLMError(
      'INVALID_MODEL',
      `${source} asks for ${on.length === 0 ? 'no pooling mode' : on.join(' + ')}; PocketLM pools with mean or cls. ` +
        'Pass "pooling" to createEmbedder to choose one anyway.',
      { details: { source, modes: on } },
    );
  }
  return pooling;
}
