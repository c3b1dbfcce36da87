import type { Tokenizer } from '@pocketlm/core';

/** What the model reads for a tool's return value: strings as they are, anything else as JSON. */
export function toolResultText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return 'Done.';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * Cuts a tool result to at most `maxTokens` tokens so one large result cannot fill the context, ending it with a
 * marker that tells the model (and the user) how much was left out.
 */
export function truncateToTokens(
  text: string,
  tokenizer: Tokenizer,
  maxTokens: number,
): { content: string; truncated: boolean } {
  const ids = tokenizer.encode(text);
  if (ids.length <= maxTokens) return { content: text, truncated: false };
  const marker = (dropped: number) => `\n[… truncated: ${dropped} of ${ids.length} tokens left out]`;
  let keep = Math.max(0, maxTokens - tokenizer.encode(marker(ids.length)).length);
  // Re-encoding the cut text can merge differently at the seam, so shrink until the whole fits.
  for (;;) {
    const content = tokenizer.decode(ids.slice(0, keep)) + marker(ids.length - keep);
    if (keep === 0 || tokenizer.encode(content).length <= maxTokens) return { content, truncated: true };
    keep--;
  }
}
