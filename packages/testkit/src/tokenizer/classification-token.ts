import type { BuiltTokenizer } from './build-tokenizer.js';

/**
 * A copy of `built` for a sequence classifier: encoding with special tokens puts `token` (an existing special
 * token) before the text, as BERT's `[CLS]`, through a `TemplateProcessing` post-processor, so the classification
 * head has a fixed position to read and no input encodes to zero tokens. A classifier has no chat template, so
 * it is dropped; `cls_token` names the prefix.
 */
export function withClassificationToken(built: BuiltTokenizer, token: string): BuiltTokenizer {
  const added = built.tokenizerJson.added_tokens as { id: number; content: string }[];
  const id = added.find((t) => t.content === token)?.id;
  if (id === undefined) throw new Error(`withClassificationToken: ${token} is not an added token.`);
  const cls = { SpecialToken: { id: token, type_id: 0 } };
  const postProcessor = {
    type: 'TemplateProcessing',
    single: [cls, { Sequence: { id: 'A', type_id: 0 } }],
    pair: [cls, { Sequence: { id: 'A', type_id: 0 } }, { Sequence: { id: 'B', type_id: 1 } }],
    special_tokens: { [token]: { id: token, ids: [id], tokens: [token] } },
  };
  const { chat_template: _template, ...config } = built.tokenizerConfig;
  return {
    ...built,
    tokenizerJson: { ...built.tokenizerJson, post_processor: postProcessor },
    tokenizerConfig: { ...config, cls_token: token },
  };
}
