import type { GgufMetadataEntry } from './gguf-metadata-entry.js';

/** llama.cpp's token types (`llama_token_type`). */
const TOKEN_TYPE = { normal: 1, control: 3, userDefined: 4, unused: 5 } as const;

interface TokenizerJsonShape {
  added_tokens?: { id: number; content: string; special?: boolean }[];
  model?: { type?: string; vocab?: Record<string, number>; merges?: (string | [string, string])[] };
}

/**
 * The `tokenizer.ggml.*` metadata of a byte-level BPE `tokenizer.json`, written the way llama.cpp's converter
 * (`_set_vocab_gpt2`) does so llama.cpp can load it: model `gpt2`, pre-tokenizer `gpt-2` (the plain GPT-2 split
 * regex of a `ByteLevel` pre-tokenizer with `use_regex`), every id up to `vocabSize` (ids the tokenizer lacks are
 * `[PAD<id>]`, type unused), special added tokens as control tokens, and merges as `"left right"`.
 */
export function ggufTokenizerMetadata(
  tokenizerJson: Record<string, unknown>,
  vocabSize: number,
  ids: { bos: number; eos: number; pad: number },
  chatTemplate: string | undefined,
): GgufMetadataEntry[] {
  const json = tokenizerJson as TokenizerJsonShape;
  if (json.model?.type !== 'BPE' || !json.model.vocab)
    throw new Error('gguf: the tokenizer is not a BPE tokenizer.');
  const tokens: string[] = Array.from({ length: vocabSize }, (_, id) => `[PAD${id}]`);
  const types = new Int32Array(vocabSize).fill(TOKEN_TYPE.unused);
  for (const [token, id] of Object.entries(json.model.vocab)) {
    if (id >= vocabSize) throw new Error(`gguf: token id ${id} is past the vocabulary size ${vocabSize}.`);
    tokens[id] = token;
    types[id] = TOKEN_TYPE.normal;
  }
  for (const added of json.added_tokens ?? []) {
    tokens[added.id] = added.content;
    types[added.id] = added.special ? TOKEN_TYPE.control : TOKEN_TYPE.userDefined;
  }
  const merges = (json.model.merges ?? []).map((m) => (typeof m === 'string' ? m : `${m[0]} ${m[1]}`));
  const entries: GgufMetadataEntry[] = [
    { key: 'tokenizer.ggml.model', type: 'string', value: 'gpt2' },
    { key: 'tokenizer.ggml.pre', type: 'string', value: 'gpt-2' },
    { key: 'tokenizer.ggml.tokens', type: 'array', itemType: 'string', value: tokens },
    { key: 'tokenizer.ggml.token_type', type: 'array', itemType: 'int32', value: types },
    { key: 'tokenizer.ggml.merges', type: 'array', itemType: 'string', value: merges },
    { key: 'tokenizer.ggml.bos_token_id', type: 'uint32', value: ids.bos },
    { key: 'tokenizer.ggml.eos_token_id', type: 'uint32', value: ids.eos },
    { key: 'tokenizer.ggml.padding_token_id', type: 'uint32', value: ids.pad },
    // The fixture tokenizer's post-processor adds no BOS, so llama.cpp must not either.
    { key: 'tokenizer.ggml.add_bos_token', type: 'bool', value: false },
  ];
  if (chatTemplate !== undefined)
    entries.push({ key: 'tokenizer.chat_template', type: 'string', value: chatTemplate });
  return entries;
}
