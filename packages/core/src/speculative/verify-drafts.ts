import type { KVCache } from '../kv-cache/kv-cache.js';
import type { StepDecision } from '../scheduler/scheduler.js';

/** What a verify step keeps. */
export interface Verification {
  /** Tokens of the step that stay in the cache: the fed token plus the accepted drafts. */
  kept: number;
  /** The decision on the last row read: the next token to feed, or done. */
  decision: StepDecision;
}

/**
 * Checks drafts against a multi-token forward of `[pending, ...drafts]`. Row r holds the logits after draft r-1;
 * each row goes to `decide` (the task's own sampler) in order, and reading stops at the first decision that is not
 * the next draft. So the tokens chosen are exactly those plain decoding would choose, greedy or seeded sampling
 * alike: drafts only decide how many rows one forward yields.
 */
export function verifyDrafts(
  logits: Float32Array,
  vocabSize: number,
  drafts: readonly number[],
  decide: (row: Float32Array) => StepDecision,
): Verification {
  for (let r = 0; ; r++) {
    const decision = decide(logits.subarray(r * vocabSize, (r + 1) * vocabSize));
    if ('done' in decision || r === drafts.length || decision.next !== drafts[r]) {
      return { kept: r + 1, decision };
    }
  }
}

/** Drops the cache's tail from position `cutoff` on: the rejected drafts of a verify step. */
export function dropFromPosition(cache: KVCache, cutoff: number): void {
  const positions = cache.positions();
  let keep = positions.length;
  while (keep > 0 && positions[keep - 1] >= cutoff) keep--;
  if (keep < positions.length) cache.truncate(keep);
}
