import type { DfaTokenMasker } from '../src/constraints/token-mask/dfa-token-masker.js';
import { TokenVocabulary } from '../src/constraints/token-mask/token-vocabulary.js';

// Shared by the regex and grammar mask-cost tests, which log figures and never assert on time.

export const ms = (x: number) => x.toFixed(3).padStart(7);
export const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
export const max = (xs: number[]) => Math.max(0, ...xs);

/**
 * `vocab` with every token made valid text (invalid bytes become U+FFFD), as a real vocabulary's tokens nearly
 * all are: a loose constraint then allows most tokens and the walk visits most of the trie, the worst case.
 */
export function validUtf8Copy(vocab: TokenVocabulary): TokenVocabulary {
  const lossy = new TextDecoder();
  const encoder = new TextEncoder();
  return new TokenVocabulary(
    Array.from({ length: vocab.width }, (_, id) => {
      const bytes = vocab.bytesOf(id);
      return bytes === undefined ? undefined : encoder.encode(lossy.decode(bytes));
    }),
  );
}

/** The ids `mask` allows other than `eos`: what a random walk picks from. */
export function allowedIds(mask: Uint32Array, width: number, eos: number): number[] {
  const allowed: number[] = [];
  for (let id = 0; id < width; id++) if (id !== eos && mask[id >>> 5] & (1 << (id & 31))) allowed.push(id);
  return allowed;
}

/**
 * Times the first mask of each state on `masker`, whose automaton is already built (the trie walk alone),
 * counts the tokens each allows, then times masks it has cached.
 */
export function timeWarmMasks(
  masker: DfaTokenMasker,
  states: readonly number[],
): { warm: number[]; allowed: number[]; cachedMs: number } {
  const warm: number[] = [];
  const allowed: number[] = [];
  for (const s of states) {
    const t0 = performance.now();
    const mask = masker.mask(s);
    warm.push(performance.now() - t0);
    let count = 0;
    for (const word of mask) for (let bits = word; bits !== 0; bits &= bits - 1) count++;
    allowed.push(count);
  }
  const reps = 10_000;
  const t = performance.now();
  for (let i = 0; i < reps; i++) masker.mask(states[i % states.length]);
  return { warm, allowed, cachedMs: (performance.now() - t) / reps };
}
