import type { ResolvedSampling } from './sampling-options.js';

/** Token counts of a sequence, kept up to date as tokens are generated so penalties cost O(distinct tokens). */
export class TokenCounts {
  readonly counts = new Map<number, number>();
  add(id: number): void {
    this.counts.set(id, (this.counts.get(id) ?? 0) + 1);
  }
}

/**
 * Applies penalties in place. The repetition penalty (HF semantics) looks at prompt and output; presence and
 * frequency penalties (OpenAI semantics) look at the output only.
 */
export function applyPenalties(
  logits: Float32Array,
  s: ResolvedSampling,
  context: TokenCounts,
  generated: TokenCounts,
): void {
  if (s.repetitionPenalty !== 1) {
    for (const id of context.counts.keys()) {
      const l = logits[id];
      logits[id] = l > 0 ? l / s.repetitionPenalty : l * s.repetitionPenalty;
    }
  }
  if (s.presencePenalty !== 0 || s.frequencyPenalty !== 0) {
    for (const [id, n] of generated.counts) {
      logits[id] -= s.presencePenalty + s.frequencyPenalty * n;
    }
  }
}
