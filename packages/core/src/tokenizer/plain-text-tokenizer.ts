import { Tokenizer as HfTokenizerModel } from '@huggingface/tokenizers';

/**
 * Builds a second tokenizer from the same `tokenizer.json` with the `special: true` added tokens taken out of
 * `added_tokens`, so text like `<|im_start|>` in user input is tokenized as ordinary characters.
 * `@huggingface/tokenizers` always matches added tokens, and has no switch for it. The tokens stay in
 * `model.vocab`, so ids are unchanged; this tokenizer is only used to encode.
 */
export function createPlainTextTokenizer(
  tokenizerJson: Record<string, unknown>,
  tokenizerConfig: Record<string, unknown>,
): HfTokenizerModel {
  const added = Array.isArray(tokenizerJson.added_tokens) ? tokenizerJson.added_tokens : [];
  // Shallow copy: the library reads the model section without mutating it, so both tokenizers share it.
  const json = {
    ...tokenizerJson,
    added_tokens: added.filter((t: { special?: unknown }) => t.special !== true),
  };
  return new HfTokenizerModel(json, tokenizerConfig);
}
