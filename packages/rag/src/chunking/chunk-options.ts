import { PocketLMError } from '@pocketlm/core';

/** Options of `chunkDocument`. */
export interface ChunkOptions {
  /** Counts tokens the way the embedder will (its tokenizer), so chunks fit its context. */
  countTokens: (text: string) => number;
  /** Largest chunk, in tokens (default 256). */
  maxTokens?: number;
  /** About how many tokens a chunk repeats from the end of the previous one (default 32; 0 for none). */
  overlapTokens?: number;
}

export const DEFAULT_MAX_TOKENS = 256;
export const DEFAULT_OVERLAP_TOKENS = 32;

/** The options with defaults applied; throws `INVALID_OPTIONS` for limits that cannot produce chunks. */
export function resolveChunkOptions(options: ChunkOptions): Required<ChunkOptions> {
  const maxTokens = options.maxTokens ?? DEFAULT_MAX_TOKENS;
  const overlapTokens = options.overlapTokens ?? Math.min(DEFAULT_OVERLAP_TOKENS, Math.floor(maxTokens / 4));
  if (typeof options.countTokens !== 'function') {
    throw new PocketLMError('INVALID_OPTIONS', 'chunkDocument needs a countTokens function.');
  }
  if (!Number.isInteger(maxTokens) || maxTokens < 1) {
    throw new PocketLMError('INVALID_OPTIONS', `maxTokens must be a positive integer, got ${maxTokens}.`, {
      details: { maxTokens },
    });
  }
  if (!Number.isInteger(overlapTokens) || overlapTokens < 0 || overlapTokens >= maxTokens) {
    throw new PocketLMError(
      'INVALID_OPTIONS',
      `overlapTokens must be an integer from 0 to maxTokens - 1 (${maxTokens - 1}), got ${overlapTokens}.`,
      { details: { maxTokens, overlapTokens } },
    );
  }
  return { countTokens: options.countTokens, maxTokens, overlapTokens };
}
