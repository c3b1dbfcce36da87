/** What the tokenizer's template puts around a text: ids before and after its own tokens. */
export interface SpecialTokenFrame {
  prefix: number[];
  suffix: number[];
}

/**
 * Finds the special tokens a template added around `content` in `full` (`[CLS] … [SEP]` for BERT), or undefined
 * when `full` is not `prefix + content + suffix` (a template that rewrites the text itself).
 */
export function specialTokenFrame(
  full: readonly number[],
  content: readonly number[],
): SpecialTokenFrame | undefined {
  const extra = full.length - content.length;
  if (extra < 0) return undefined;
  for (let p = 0; p <= extra; p++) {
    let match = true;
    for (let i = 0; i < content.length && match; i++) match = full[p + i] === content[i];
    if (match) return { prefix: full.slice(0, p), suffix: full.slice(p + content.length) };
  }
  return undefined;
}

/**
 * Cuts `full` to `max` tokens the way Python's tokenizers truncate: the text's own tokens are cut, the template's
 * special tokens kept (so a BERT row still ends in `[SEP]`, as the model was trained). Without a frame, or when the
 * special tokens alone fill `max`, the row is cut at the end (what transformers.js does).
 */
export function truncateTokens(
  full: readonly number[],
  max: number,
  frame: SpecialTokenFrame | undefined,
): number[] {
  if (full.length <= max) return [...full];
  if (frame) {
    const room = max - frame.prefix.length - frame.suffix.length;
    if (room >= 1) {
      const body = full.slice(frame.prefix.length, full.length - frame.suffix.length);
      return [...frame.prefix, ...body.slice(0, room), ...frame.suffix];
    }
  }
  return full.slice(0, max);
}
