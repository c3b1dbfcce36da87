import type { Drafter } from './drafter.js';

/** Options of {@link PromptLookupDrafter}. */
export interface PromptLookupOptions {
  /** Longest suffix n-gram to look up (default 3). Longer n-grams are tried first: they are surer matches. */
  maxNgram?: number;
  /** Shortest suffix n-gram worth a guess (default 1). */
  minNgram?: number;
}

/**
 * Prompt-lookup drafting (no draft model): finds the sequence's last n tokens earlier in the sequence and proposes
 * what followed them there. It pays off when the output copies its input (rewriting, extraction, code edits) or
 * repeats itself, and costs nothing when there is no match, because then it proposes nothing.
 */
export class PromptLookupDrafter implements Drafter {
  private readonly maxNgram: number;
  private readonly minNgram: number;

  constructor(options: PromptLookupOptions = {}) {
    this.maxNgram = options.maxNgram ?? 3;
    this.minNgram = options.minNgram ?? 1;
  }

  propose(history: readonly number[], maxTokens: number): number[] {
    const len = history.length;
    if (maxTokens < 1) return [];
    for (let n = Math.min(this.maxNgram, len - 1); n >= this.minNgram; n--) {
      // The most recent earlier occurrence: recent text predicts the continuation best.
      for (let start = len - n - 1; start >= 0; start--) {
        if (matchesSuffix(history, start, n)) {
          const from = start + n;
          return history.slice(from, Math.min(from + maxTokens, len)) as number[];
        }
      }
    }
    return [];
  }
}

/** Whether `history[start, start + n)` equals the last `n` tokens. */
function matchesSuffix(history: readonly number[], start: number, n: number): boolean {
  const offset = history.length - n - start;
  for (let i = n - 1; i >= 0; i--) {
    if (history[start + i] !== history[start + i + offset]) return false;
  }
  return true;
}
