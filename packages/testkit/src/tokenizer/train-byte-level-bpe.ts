import { byteLevelAlphabet } from './byte-level-alphabet.js';

/** GPT-2's pre-tokenization pattern, the one the `ByteLevel` pre-tokenizer applies with `use_regex: true`. */
const GPT2_PATTERN = /'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+/gu;

// Pairs seen once are noise in a corpus this small; real trainers drop them the same way (min_frequency).
const MIN_PAIR_FREQUENCY = 2;

/** Splits text into GPT-2 pre-tokens, each written in the byte-level alphabet (`Ġthe`). */
export function byteLevelPreTokenize(text: string): string[] {
  const alphabet = byteLevelAlphabet();
  const encoder = new TextEncoder();
  return (text.match(GPT2_PATTERN) ?? []).map((piece) =>
    Array.from(encoder.encode(piece), (b) => alphabet[b]).join(''),
  );
}

/**
 * Trains byte-level BPE merges on a corpus: counts adjacent symbol pairs over the pre-tokenized words, merges the
 * most frequent pair, and repeats. Ties go to the pair whose symbols sort first, so the result is deterministic.
 *
 * @param corpus the training text.
 * @param maxNewTokens stop once the merges have made this many distinct tokens (two merges can make the same one).
 * @returns merges in rank order; stops early when no pair occurs at least twice.
 */
export function trainByteLevelBpe(corpus: string, maxNewTokens: number): [string, string][] {
  const symbols: string[] = [];
  const symbolIds = new Map<string, number>();
  const intern = (s: string): number => {
    let id = symbolIds.get(s);
    if (id === undefined) {
      id = symbols.length;
      symbols.push(s);
      symbolIds.set(s, id);
    }
    return id;
  };

  const wordCounts = new Map<string, number>();
  for (const word of byteLevelPreTokenize(corpus)) wordCounts.set(word, (wordCounts.get(word) ?? 0) + 1);
  const words: number[][] = [];
  const freqs: number[] = [];
  for (const [word, count] of wordCounts) {
    words.push(Array.from(word, intern));
    freqs.push(count);
  }

  // Pair keys pack two symbol ids into one number; the corpus never yields anywhere near 2^20 symbols.
  const SHIFT = 1 << 20;
  const pairCounts = new Map<number, number>();
  const pairWords = new Map<number, Set<number>>();
  const addPairs = (w: number, sign: 1 | -1) => {
    const word = words[w];
    for (let i = 0; i + 1 < word.length; i++) {
      const key = word[i] * SHIFT + word[i + 1];
      const count = (pairCounts.get(key) ?? 0) + sign * freqs[w];
      if (count === 0) pairCounts.delete(key);
      else pairCounts.set(key, count);
      if (sign === 1) {
        const set = pairWords.get(key);
        if (set) set.add(w);
        else pairWords.set(key, new Set([w]));
      }
    }
  };
  for (let w = 0; w < words.length; w++) addPairs(w, 1);

  const merges: [string, string][] = [];
  let newTokens = 0;
  while (newTokens < maxNewTokens) {
    let bestKey = -1;
    let bestCount = MIN_PAIR_FREQUENCY - 1;
    for (const [key, count] of pairCounts) {
      if (count > bestCount || (count === bestCount && bestKey >= 0 && comparePairs(key, bestKey) < 0)) {
        bestKey = key;
        bestCount = count;
      }
    }
    if (bestKey < 0) break;

    const left = Math.floor(bestKey / SHIFT);
    const right = bestKey % SHIFT;
    if (!symbolIds.has(symbols[left] + symbols[right])) newTokens++;
    const merged = intern(symbols[left] + symbols[right]);
    merges.push([symbols[left], symbols[right]]);
    for (const w of pairWords.get(bestKey) ?? []) {
      const word = words[w];
      if (!containsPair(word, left, right)) continue;
      addPairs(w, -1);
      const next: number[] = [];
      for (let i = 0; i < word.length; i++) {
        if (i + 1 < word.length && word[i] === left && word[i + 1] === right) {
          next.push(merged);
          i++;
        } else {
          next.push(word[i]);
        }
      }
      words[w] = next;
      addPairs(w, 1);
    }
    pairCounts.delete(bestKey);
    pairWords.delete(bestKey);
  }
  return merges;

  function comparePairs(a: number, b: number): number {
    const c = compareStrings(symbols[Math.floor(a / SHIFT)], symbols[Math.floor(b / SHIFT)]);
    return c !== 0 ? c : compareStrings(symbols[a % SHIFT], symbols[b % SHIFT]);
  }
}

function containsPair(word: number[], left: number, right: number): boolean {
  for (let i = 0; i + 1 < word.length; i++) if (word[i] === left && word[i + 1] === right) return true;
  return false;
}

// Code-unit order, independent of locale, so every machine breaks ties the same way.
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
