import type { Tokenizer } from '@pocketlm/core';

/**
 * A reply's text for the tool-call parser: control tokens are dropped (an end-of-turn, or one a random model
 * emitted mid-text) except those that are part of the call syntax (`keep`, e.g. Mistral's `[TOOL_CALLS]`). Runs
 * of ordinary tokens are decoded together so characters split over tokens come out whole.
 */
export function decodeReply(
  tokenizer: Tokenizer,
  tokens: readonly number[],
  keep: ReadonlySet<string>,
): string {
  let text = '';
  let run: number[] = [];
  const flush = () => {
    if (run.length) text += tokenizer.decode(run);
    run = [];
  };
  for (const id of tokens) {
    if (!tokenizer.isSpecial(id)) {
      run.push(id);
      continue;
    }
    flush();
    const special = tokenizer.decode([id], { skipSpecialTokens: false });
    if (keep.has(special)) text += special;
  }
  flush();
  return text;
}
