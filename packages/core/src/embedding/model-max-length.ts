import { PocketLMError } from '../errors/pocketlm-error.js';
import type { ModelFiles } from '../model/model-files.js';

/** transformers writes a huge `model_max_length` (int(1e30)) when a tokenizer has no limit of its own. */
const NO_LIMIT = 1e9;

/** The tokenizer's `model_max_length`, when `tokenizer_config.json` gives a real one. */
export async function tokenizerMaxLength(files: ModelFiles): Promise<number | undefined> {
  if (!(await files.has('tokenizer_config.json'))) return undefined;
  // loadTokenizer has already checked that this parses to an object.
  const value = (JSON.parse(await files.readText('tokenizer_config.json')) as Record<string, unknown>)
    .model_max_length;
  return typeof value === 'number' && Number.isInteger(value) && value > 0 && value < NO_LIMIT
    ? value
    : undefined;
}

/** The smaller of the model's limits, or the caller's `maxLength` when it is within them. */
export function resolveMaxLength(
  limits: (number | undefined)[],
  requested: number | undefined,
): number | undefined {
  const known = limits.filter((n): n is number => n !== undefined);
  const limit = known.length > 0 ? Math.min(...known) : undefined;
  if (requested === undefined) return limit;
  if (!Number.isInteger(requested) || requested < 1 || (limit !== undefined && requested > limit)) {
    throw new PocketLMError(
      'INVALID_OPTIONS',
      `"maxLength" must be an integer from 1 to the model's ${limit ?? 'limit'}, got ${JSON.stringify(requested)}.`,
    );
  }
  return requested;
}
