import { byteLevelAlphabet } from './byte-level-alphabet.js';
import { CHATML_CHAT_TEMPLATE } from './chatml-chat-template.js';
import { mulberry32, randomInt } from './mulberry32.js';
import { trainByteLevelBpe } from './train-byte-level-bpe.js';
import { TRAINING_CORPUS } from './training-corpus.js';

/** Options for {@link buildTokenizer}. */
export interface BuildTokenizerOptions {
  /** Exact number of ids, special tokens included (SmolLM2 uses 49152). At least 259. */
  vocabSize: number;
  /** Seed for the merges made after the corpus runs out of pairs. Defaults to 0. */
  seed?: number;
  /** `model_max_length` written to `tokenizer_config.json`. Defaults to 8192, SmolLM2's context length. */
  modelMaxLength?: number;
}

/** What {@link buildTokenizer} returns: the two JSON files, ready to write, and the ids of the control tokens. */
export interface BuiltTokenizer {
  /** Contents of `tokenizer.json`. */
  tokenizerJson: Record<string, unknown>;
  /** Contents of `tokenizer_config.json`. */
  tokenizerConfig: Record<string, unknown>;
  specialTokens: { endOfText: number; imStart: number; imEnd: number };
}

const SPECIAL_TOKENS = ['<|endoftext|>', '<|im_start|>', '<|im_end|>'] as const;

// Random merges only combine short tokens, so the vocabulary stays the size of a real one instead of doubling its
// token length with every round.
const MAX_RANDOM_TOKEN_LENGTH = 12;

/**
 * Builds a SmolLM2-shaped byte-level BPE tokenizer: ids 0–2 are `<|endoftext|>`, `<|im_start|>`, `<|im_end|>`,
 * then the 256 byte symbols, then merges trained on an embedded corpus, then seeded random merges of existing
 * tokens until the vocabulary holds exactly `vocabSize` ids. The same options always give byte-identical JSON.
 */
export function buildTokenizer(options: BuildTokenizerOptions): BuiltTokenizer {
  const { vocabSize, seed = 0, modelMaxLength = 8192 } = options;
  const baseSize = SPECIAL_TOKENS.length + 256;
  if (!Number.isInteger(vocabSize) || vocabSize < baseSize) {
    throw new RangeError(`vocabSize must be an integer of at least ${baseSize}, got ${vocabSize}`);
  }

  const vocab = new Map<string, number>();
  for (const token of SPECIAL_TOKENS) vocab.set(token, vocab.size);
  // Code-point order puts the printable bytes first, as GPT-2's vocab.json has them.
  for (const symbol of [...byteLevelAlphabet()].sort()) vocab.set(symbol, vocab.size);

  const merges: [string, string][] = [];
  const addMerge = (left: string, right: string) => {
    merges.push([left, right]);
    if (!vocab.has(left + right)) vocab.set(left + right, vocab.size);
  };
  for (const [left, right] of trainByteLevelBpe(TRAINING_CORPUS, vocabSize - baseSize)) addMerge(left, right);

  const random = mulberry32(seed);
  const pool = [...vocab.keys()]
    .slice(SPECIAL_TOKENS.length)
    .filter((t) => t.length <= MAX_RANDOM_TOKEN_LENGTH);
  while (vocab.size < vocabSize) {
    const left = pool[randomInt(random, pool.length)];
    const right = pool[randomInt(random, pool.length)];
    const merged = left + right;
    if (merged.length > MAX_RANDOM_TOKEN_LENGTH || vocab.has(merged)) continue;
    addMerge(left, right);
    pool.push(merged);
  }

  const addedTokens = SPECIAL_TOKENS.map((content, id) => ({
    id,
    content,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: true,
  }));
  const byteLevel = (addPrefixSpace: boolean, trimOffsets: boolean) => ({
    type: 'ByteLevel',
    add_prefix_space: addPrefixSpace,
    trim_offsets: trimOffsets,
    use_regex: true,
  });

  // Key order follows what the Rust `tokenizers` library writes.
  const tokenizerJson: Record<string, unknown> = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: addedTokens,
    normalizer: null,
    pre_tokenizer: byteLevel(false, true),
    post_processor: byteLevel(true, false),
    decoder: byteLevel(true, true),
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: null,
      end_of_word_suffix: null,
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: false,
      vocab: Object.fromEntries(vocab),
      merges,
    },
  };

  const tokenizerConfig: Record<string, unknown> = {
    add_prefix_space: false,
    added_tokens_decoder: Object.fromEntries(
      addedTokens.map(({ id, content, lstrip, normalized, rstrip, single_word, special }) => [
        String(id),
        { content, lstrip, normalized, rstrip, single_word, special },
      ]),
    ),
    additional_special_tokens: ['<|im_start|>', '<|im_end|>'],
    bos_token: '<|im_start|>',
    chat_template: CHATML_CHAT_TEMPLATE,
    clean_up_tokenization_spaces: false,
    eos_token: '<|im_end|>',
    model_max_length: modelMaxLength,
    pad_token: '<|im_end|>',
    tokenizer_class: 'GPT2Tokenizer',
    unk_token: '<|endoftext|>',
    vocab_size: vocabSize,
  };

  return { tokenizerJson, tokenizerConfig, specialTokens: { endOfText: 0, imStart: 1, imEnd: 2 } };
}
