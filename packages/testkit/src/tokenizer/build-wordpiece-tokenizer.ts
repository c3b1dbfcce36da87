import { bertWords } from './bert-words.js';
import { CONTINUING_PREFIX, trainWordPiece } from './train-wordpiece.js';
import { TRAINING_CORPUS } from './training-corpus.js';

/** Options for {@link buildWordPieceTokenizer}. */
export interface BuildWordPieceTokenizerOptions {
  /** Exact number of ids, special tokens included. */
  vocabSize: number;
  /** `model_max_length` written to `tokenizer_config.json`. */
  modelMaxLength: number;
}

/** The ids of the WordPiece tokenizer's special tokens. */
export interface WordPieceSpecialTokens {
  pad: number;
  unk: number;
  cls: number;
  sep: number;
  mask: number;
}

/** What {@link buildWordPieceTokenizer} returns: the two JSON files, ready to write, and the special ids. */
export interface BuiltWordPieceTokenizer {
  tokenizerJson: Record<string, unknown>;
  tokenizerConfig: Record<string, unknown>;
  specialTokens: WordPieceSpecialTokens;
}

/** BERT's special tokens, at ids 0-4 (uncased BERT has them at 0 and 100-103, after `[unused*]`). */
const SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] as const;

/** Word counts of the training corpus as BERT's normalizer and pre-tokenizer split it. */
function corpusWordCounts(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const word of bertWords(TRAINING_CORPUS)) counts.set(word, (counts.get(word) ?? 0) + 1);
  return counts;
}

/**
 * Builds an uncased BERT-style tokenizer: `BertNormalizer` (lowercase, strip accents, CJK ideographs split),
 * `BertPreTokenizer`, a WordPiece model whose vocabulary is trained on the embedded corpus (`##` continuations,
 * `[UNK]` for words it cannot spell), `[CLS] $A [SEP]` / `[CLS] $A [SEP] $B [SEP]` templates and the WordPiece
 * decoder, in the key order the Rust `tokenizers` library writes. The same options always give identical JSON.
 */
export function buildWordPieceTokenizer(options: BuildWordPieceTokenizerOptions): BuiltWordPieceTokenizer {
  const { vocabSize, modelMaxLength } = options;
  const vocab = trainWordPiece(corpusWordCounts(), vocabSize, SPECIAL_TOKENS);
  const id = (token: (typeof SPECIAL_TOKENS)[number]) => SPECIAL_TOKENS.indexOf(token);
  const addedTokens = SPECIAL_TOKENS.map((content, i) => ({
    id: i,
    content,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: true,
  }));
  const special = (token: '[CLS]' | '[SEP]', typeId: number) => ({
    SpecialToken: { id: token, type_id: typeId },
  });
  const sequence = (name: 'A' | 'B', typeId: number) => ({ Sequence: { id: name, type_id: typeId } });

  const tokenizerJson: Record<string, unknown> = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: addedTokens,
    normalizer: {
      type: 'BertNormalizer',
      clean_text: true,
      handle_chinese_chars: true,
      strip_accents: null,
      lowercase: true,
    },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [special('[CLS]', 0), sequence('A', 0), special('[SEP]', 0)],
      pair: [
        special('[CLS]', 0),
        sequence('A', 0),
        special('[SEP]', 0),
        sequence('B', 1),
        special('[SEP]', 1),
      ],
      special_tokens: Object.fromEntries(
        (['[CLS]', '[SEP]'] as const).map((t) => [t, { id: t, ids: [id(t)], tokens: [t] }]),
      ),
    },
    decoder: { type: 'WordPiece', prefix: CONTINUING_PREFIX, cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: CONTINUING_PREFIX,
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(vocab.map((token, i) => [token, i])),
    },
  };

  const tokenizerConfig: Record<string, unknown> = {
    added_tokens_decoder: Object.fromEntries(
      addedTokens.map(({ id: i, content, lstrip, normalized, rstrip, single_word, special: s }) => [
        String(i),
        { content, lstrip, normalized, rstrip, single_word, special: s },
      ]),
    ),
    clean_up_tokenization_spaces: true,
    cls_token: '[CLS]',
    do_basic_tokenize: true,
    do_lower_case: true,
    mask_token: '[MASK]',
    model_max_length: modelMaxLength,
    never_split: null,
    pad_token: '[PAD]',
    sep_token: '[SEP]',
    strip_accents: null,
    tokenize_chinese_chars: true,
    tokenizer_class: 'BertTokenizer',
    unk_token: '[UNK]',
  };

  return {
    tokenizerJson,
    tokenizerConfig,
    specialTokens: {
      pad: id('[PAD]'),
      unk: id('[UNK]'),
      cls: id('[CLS]'),
      sep: id('[SEP]'),
      mask: id('[MASK]'),
    },
  };
}
