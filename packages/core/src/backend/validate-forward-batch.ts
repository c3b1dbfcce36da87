import { PocketLMError } from '../errors/pocketlm-error.js';
import type { KVCacheLayout } from '../kv-cache/kv-cache.js';
import type { ForwardBatch } from './model-runner.js';

/**
 * Refuses a malformed batch with INVALID_OPTIONS before anything runs, so no cache is touched. Every backend's
 * runner calls it first: the checks (ids in the vocabulary, one position per token, a cache laid out for this
 * model, no cache twice in one batch) are the contract, not a backend's choice.
 */
export function validateForwardBatch(
  batch: ForwardBatch,
  layout: KVCacheLayout,
  vocabSize: number,
  maxBatchSize: number,
): void {
  const { sequences } = batch;
  if (sequences.length === 0 || sequences.length > maxBatchSize) {
    throw new PocketLMError(
      'INVALID_OPTIONS',
      `A forward batch holds 1 to ${maxBatchSize} sequences, got ${sequences.length}.`,
    );
  }
  const caches = new Set<unknown>();
  sequences.forEach((seq, i) => {
    const n = seq.tokens.length;
    if (n === 0 || seq.positions.length !== n) {
      throw new PocketLMError(
        'INVALID_OPTIONS',
        `Sequence ${i} needs at least one token and one position per token (${n} tokens, ${seq.positions.length} positions).`,
      );
    }
    if (seq.logits !== 'last' && seq.logits !== 'all') {
      throw new PocketLMError('INVALID_OPTIONS', `Sequence ${i}: logits must be 'last' or 'all'.`);
    }
    for (let t = 0; t < n; t++) {
      const id = seq.tokens[t];
      if (!Number.isInteger(id) || id < 0 || id >= vocabSize) {
        throw new PocketLMError(
          'INVALID_OPTIONS',
          `Sequence ${i}: token id ${id} is outside the vocabulary.`,
        );
      }
      const position = seq.positions[t];
      if (!Number.isInteger(position) || position < 0) {
        throw new PocketLMError('INVALID_OPTIONS', `Sequence ${i}: position ${position} is invalid.`);
      }
    }
    const l = seq.cache.layout;
    if (
      l.numLayers !== layout.numLayers ||
      l.numKVHeads !== layout.numKVHeads ||
      l.headDim !== layout.headDim
    ) {
      throw new PocketLMError(
        'INVALID_OPTIONS',
        `Sequence ${i}: the KV cache is laid out for ${l.numLayers} layers × ${l.numKVHeads} heads × ${l.headDim}, ` +
          `the model needs ${layout.numLayers} × ${layout.numKVHeads} × ${layout.headDim}.`,
      );
    }
    // Each sequence appends to its cache at the end of the call: one cache twice would miss its own tokens.
    if (caches.has(seq.cache)) {
      throw new PocketLMError(
        'INVALID_OPTIONS',
        `Sequence ${i} shares its KV cache with an earlier sequence.`,
      );
    }
    caches.add(seq.cache);
  });
}
