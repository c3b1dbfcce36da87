/**
 * The `clean_up_tokenization_spaces` rewrite of `transformers` (and `@huggingface/tokenizers`), pass for pass:
 * drops the space a word-piece decoder leaves before punctuation and English contractions.
 */
const REWRITES: [string, string][] = [
  [' .', '.'],
  [' ?', '?'],
  [' !', '!'],
  [' ,', ','],
  [" ' ", "'"],
  [" n't", "n't"],
  [" 'm", "'m"],
  [" 's", "'s"],
  [" 've", "'ve"],
  [" 're", "'re"],
];
const PATTERNS = REWRITES.map(([from]) => from);
const LONGEST = Math.max(...PATTERNS.map((p) => p.length));

/** Applies `clean_up_tokenization_spaces` to a whole text. */
export function cleanUpTokenizationSpaces(text: string): string {
  let out = text;
  for (const [from, to] of REWRITES) out = out.replaceAll(from, to);
  return out;
}

/**
 * The same rewrite over text that arrives in pieces: `push` returns cleaned text that can no longer change,
 * `flush` the rest, and together they equal {@link cleanUpTokenizationSpaces} of the whole. Every pattern starts
 * with a space and is at most four characters long, so only a tail that starts at such a space is held back.
 */
export function createSpaceCleanupStream(): { push(text: string): string; flush(): string } {
  let pending = '';
  return {
    push(text: string): string {
      pending += text;
      const cut = settledLength(pending);
      const ready = pending.slice(0, cut);
      pending = pending.slice(cut);
      return cleanUpTokenizationSpaces(ready);
    },
    flush(): string {
      const rest = cleanUpTokenizationSpaces(pending);
      pending = '';
      return rest;
    },
  };
}

// The longest prefix that no later text can change: cut before any space close enough to the end that a pattern
// starting there could still reach past it, then before any space whose pattern, or a chain of rewrites that
// merges neighbouring spaces, would cross the cut.
function settledLength(text: string): number {
  let cut = text.length;
  for (let i = Math.max(0, text.length - LONGEST); i < text.length; i++) {
    if (text[i] === ' ') {
      cut = i;
      break;
    }
  }
  for (let i = cut - 1; i >= 0 && i >= cut - LONGEST; i--) if (text[i] === ' ') cut = i;
  return cut;
}
