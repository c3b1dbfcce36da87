/**
 * Building blocks for rule patterns. Rules are plain JavaScript regular expressions rather than an RE2 port: they
 * run on every prompt, ~100 of them, and V8's compiled regexes keep a prompt well under a millisecond. Linear time
 * comes from how they are written instead: every quantifier is bounded, and the variable-length pieces (`gap`) are
 * unambiguous (a filler word cannot contain the space that ends it), so the work at each start position is bounded
 * by a constant. `patternHazards` enforces the bounds; tests run every rule on adversarial near-miss text.
 */

/** A non-capturing alternation of the given pieces (already regex source). */
export function alt(...pieces: string[]): string {
  return `(?:${pieces.join('|')})`;
}

/** One filler word: no spaces, and no sentence punctuation, so gaps never run across sentences. */
export const WORD = '[^ .!?;:\\n]{1,24}';

/** Up to `n` filler words, each followed by one space. */
export function gap(n: number): string {
  return `(?:${WORD} ){0,${n}}`;
}

/** Up to `n` characters of one clause in scripts written without spaces (Chinese, Japanese). */
export function cjkGap(n: number): string {
  return `[^。！？!?\\n]{0,${n}}`;
}

/** Not right after a negation: "never share your API key" is advice, not a request. */
export const NOT_NEGATED = "(?<!(?:never|not|n't|no|nor) )";

/** Start of a word in Latin text. */
export const START = '\\b';

/** Start of a word in Cyrillic text (`\b` knows only ASCII letters). */
export const CYRILLIC_START = '(?<![a-zа-яё])';
