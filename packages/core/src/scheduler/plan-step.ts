import type { KVCache } from '../kv-cache/kv-cache.js';
import type { ActiveSequence } from './active-sequence.js';

/** One sequence's work in a step: a prompt chunk, or a decode of the pending token and any drafts after it. */
export interface StepItem {
  seq: ActiveSequence;
  kind: 'prefill' | 'decode';
  tokens: number[];
  /** Draft tokens appended to a decode's `tokens` for verification (speculative decoding). */
  drafts: number[];
}

/** Higher priority first, then whoever waited longest for a turn, then arrival order. */
function byTurn(a: ActiveSequence, b: ActiveSequence): number {
  return b.priority - a.priority || a.lastServed - b.lastServed || a.order - b.order;
}

/** Among prompts still prefilling: higher priority, then the one whose last chunk is oldest (new ones first). */
function byPrefillTurn(a: ActiveSequence, b: ActiveSequence): number {
  return b.priority - a.priority || a.lastPrefill - b.lastPrefill || a.order - b.order;
}

/**
 * The prefill chunk for a cache: the configured size, or less when the cache caps what one append may add (a
 * value-norm cap), so a long prompt streams through it.
 */
export function prefillChunkSize(cache: KVCache, size: number): number {
  const limit = cache.appendLimit;
  // A limit of 0 still sends one token, so the cache refuses it with its own clear error.
  return limit === undefined ? size : Math.max(1, Math.min(size, limit));
}

/**
 * Picks one step's work: the decode step of every sequence that has a token to feed, plus at most one prefill
 * chunk of up to `chunkSize` prompt tokens, at most `maxBatchSize` items in all. Prefilling prompts take
 * turns chunk by chunk, so a short prompt arriving during a long prefill runs on the next step instead of after
 * it; when more sequences are active than a batch holds, they take turns by priority and round-robin.
 */
export function planStep(
  active: readonly ActiveSequence[],
  maxBatchSize: number,
  chunkSize: number,
): StepItem[] {
  const candidates = active.filter((s) => s.pending !== undefined);
  const prefilling = active.filter((s) => s.prefilled < s.task.prompt.length).sort(byPrefillTurn);
  if (prefilling.length > 0) candidates.push(prefilling[0]);
  return candidates
    .sort(byTurn)
    .slice(0, maxBatchSize)
    .map((seq) =>
      seq.pending !== undefined
        ? { seq, kind: 'decode' as const, tokens: [seq.pending], drafts: [] }
        : {
            seq,
            kind: 'prefill' as const,
            tokens: seq.task.prompt.slice(
              seq.prefilled,
              seq.prefilled + prefillChunkSize(seq.task.cache, chunkSize),
            ),
            drafts: [],
          },
    );
}
