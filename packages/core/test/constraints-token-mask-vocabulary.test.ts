import { describe, expect, it } from 'vitest';
import { fixtureSpecs } from '../../testkit/src/fixtures/fixture-specs.js';
import { fixtureTokenizer } from '../../testkit/src/fixtures/fixture-version.js';
import { byteLevelAlphabet } from '../../testkit/src/tokenizer/byte-level-alphabet.js';
import { TokenVocabulary } from '../src/constraints/token-mask/token-vocabulary.js';
import { PocketLMError } from '../src/errors/pocketlm-error.js';
import { HfTokenizer } from '../src/tokenizer/hf-tokenizer.js';

const lossy = new TextDecoder();
const encoder = new TextEncoder();

// The text of valid UTF-8, or undefined: valid exactly when the lossy decode round-trips (no exceptions:
// fast).
function tryStrict(bytes: Uint8Array): string | undefined {
  const text = lossy.decode(bytes);
  const back = encoder.encode(text);
  return back.length === bytes.length && back.every((b, i) => b === bytes[i]) ? text : undefined;
}

const concat = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((p) => [...p]));

/**
 * Checks every token's bytes against the tokenizer's own decode. `decode([id])` is lossy when a token is part
 * of a UTF-8 character, so those tokens are also checked inside a multi-token decode that completes the
 * character with single-byte tokens: `decode([lead…, id, continuation…])` must be exactly those bytes.
 * `context` is an id decoded in front of every token (SentencePiece strips the first token's leading space).
 */
function checkAgainstDecode(vocab: TokenVocabulary, tokenizer: HfTokenizer, ids: number[], context?: number) {
  const byteToken = new Map<number, number>();
  for (const id of ids) {
    const b = vocab.bytesOf(id);
    if (b?.length === 1 && !byteToken.has(b[0])) byteToken.set(b[0], id);
  }
  const prefixes = [[], [0xc2], [0xe1], [0xe1, 0x80], [0xf1], [0xf1, 0x80], [0xf1, 0x80, 0x80]];
  const suffixes = [[], [0x80], [0x80, 0x80], [0x80, 0x80, 0x80]];
  const front = context === undefined ? [] : [context];
  const frontBytes = context === undefined ? new Uint8Array(0) : vocab.bytesOf(context)!;
  let exact = 0;
  let lossyOnly = 0;
  for (const id of ids) {
    const bytes = vocab.bytesOf(id)!;
    const decoded = tokenizer.decode([...front, id]);
    if (decoded !== lossy.decode(concat(frontBytes, bytes)))
      throw new Error(`token ${id} decodes to ${decoded}`);
    if (tryStrict(bytes) !== undefined) {
      exact++;
      continue;
    }
    let completed = false;
    // Only a character cut at either end can be completed: the bytes between must be valid on their own.
    let first = 0;
    while (first < bytes.length && first < 3 && (bytes[first] & 0xc0) === 0x80) first++;
    let last = bytes.length;
    while (last > first && last > bytes.length - 3 && (bytes[last - 1] & 0xc0) === 0x80) last--;
    if (last > first && bytes[last - 1] >= 0xc0) last--;
    const completable = tryStrict(bytes.subarray(first, last)) !== undefined;
    for (const p of completable ? prefixes : []) {
      for (const s of suffixes) {
        const whole = concat(frontBytes, Uint8Array.from(p), bytes, Uint8Array.from(s));
        const text = tryStrict(whole);
        if (text === undefined) continue;
        const around = (list: number[]) => list.map((b) => byteToken.get(b)!);
        const got = tokenizer.decode([...front, ...around(p), id, ...around(s)]);
        if (got !== text) throw new Error(`token ${id} completed decodes to ${got}`);
        completed = true;
        break;
      }
      if (completed) break;
    }
    if (completed) exact++;
    else lossyOnly++;
  }
  return { exact, lossyOnly };
}

function hf(tokenizerJson: Record<string, unknown>): HfTokenizer {
  return new HfTokenizer({ tokenizerJson, tokenizerConfig: { clean_up_tokenization_spaces: false } });
}

describe('TokenVocabulary from the fixtures (byte-level BPE)', () => {
  it.each([['tiny'], ['smollm-135m']] as const)('%s: every token decodes to its bytes', (name) => {
    const { tokenizerJson } = fixtureTokenizer(name);
    const width = fixtureSpecs[name].vocabSize;
    const vocab = TokenVocabulary.fromTokenizerJson(tokenizerJson, { width });
    const tokenizer = hf(tokenizerJson);
    expect(vocab.width).toBe(width);
    expect(vocab.stripsLeadingSpace).toBe(false);
    // Special tokens (0-2) and padding ids are never allowed.
    for (const id of [0, 1, 2]) expect(vocab.bytesOf(id)).toBeUndefined();
    for (let id = fixtureSpecs[name].tokenizerVocabSize; id < width; id++)
      expect(vocab.bytesOf(id)).toBeUndefined();

    const ids: number[] = [];
    for (let id = 3; id < fixtureSpecs[name].tokenizerVocabSize; id++) ids.push(id);
    const { exact, lossyOnly } = checkAgainstDecode(vocab, tokenizer, ids);
    console.log(
      `${name}: ${exact} tokens checked exactly, ${lossyOnly} only lossily (no valid UTF-8 completion)`,
    );
    expect(exact + lossyOnly).toBe(ids.length);

    // The testkit's random merges glue bytes into sequences no UTF-8 text contains, which no decode shows
    // exactly; for those, compare with the testkit's own byte-level alphabet (an independent implementation).
    const charToByte = new Map(byteLevelAlphabet().map((c, b) => [c, b]));
    const vocabJson = (tokenizerJson.model as { vocab: Record<string, number> }).vocab;
    const mismatched = Object.entries(vocabJson).filter(([piece, id]) => {
      const bytes = vocab.bytesOf(id);
      return (
        id >= 3 &&
        (bytes?.length !== piece.length || [...piece].some((c, i) => charToByte.get(c) !== bytes[i]))
      );
    });
    expect(mismatched).toEqual([]);
  });

  it('the tiny fixture has 512 logits over 500 tokens', () => {
    const vocab = TokenVocabulary.fromTokenizerJson(fixtureTokenizer('tiny').tokenizerJson, { width: 512 });
    expect(vocab.width).toBe(512);
    expect(vocab.bytesOf(499)).toBeDefined();
    expect(vocab.bytesOf(500)).toBeUndefined();
    expect(vocab.bytesOf(511)).toBeUndefined();
  });

  it('excludeIds and a narrower width drop tokens', () => {
    const json = fixtureTokenizer('tiny').tokenizerJson;
    const vocab = TokenVocabulary.fromTokenizerJson(json, { excludeIds: [5], width: 400 });
    expect(vocab.bytesOf(5)).toBeUndefined();
    expect(vocab.bytesOf(6)).toBeDefined();
    expect(vocab.bytesOf(450)).toBeUndefined();
  });

  it('non-special added tokens are plain text', () => {
    const json = structuredClone(fixtureTokenizer('tiny').tokenizerJson);
    (json.added_tokens as unknown[]).push({
      id: 500,
      content: 'two words',
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: false,
    });
    const vocab = TokenVocabulary.fromTokenizerJson(json, { width: 512 });
    expect(lossy.decode(vocab.bytesOf(500))).toBe('two words');
    expect(hf(json).decode([500])).toBe('two words');
  });
});

/** A Llama-style SentencePiece tokenizer: BPE with byte fallback, `▁` for spaces, a leading-space strip. */
function sentencePieceJson(kind: 'llama' | 'gemma' | 'metaspace'): Record<string, unknown> {
  const pieces = ['<unk>', '<s>', '</s>'];
  for (let b = 0; b < 256; b++) pieces.push(`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`);
  const words = [
    '▁',
    '▁▁',
    '▁t',
    'he',
    '▁the',
    '▁a',
    'ab',
    '{',
    '}',
    '▁{',
    '{"',
    '":',
    '"',
    ':',
    ',',
    'é',
    '▁é',
  ];
  words.push('hé', '12', '▁1', 'x▁y', '\n', '<tool>');
  for (const c of 'abcdefghijklmnopqrstuvwxyz0123456789') words.push(c, `▁${c}`);
  for (const w of words) if (!pieces.includes(w)) pieces.push(w);
  const special = (id: number) => ({
    id,
    content: pieces[id],
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: true,
  });
  const decoder =
    kind === 'metaspace'
      ? { type: 'Metaspace', replacement: '▁', prepend_scheme: 'always', split: true }
      : {
          type: 'Sequence',
          decoders: [
            { type: 'Replace', pattern: { String: '▁' }, content: ' ' },
            { type: 'ByteFallback' },
            { type: 'Fuse' },
            ...(kind === 'llama' ? [{ type: 'Strip', content: ' ', start: 1, stop: 0 }] : []),
          ],
        };
  const model =
    kind === 'metaspace'
      ? { type: 'Unigram', unk_id: 0, byte_fallback: false, vocab: pieces.map((p, i) => [p, -i / 10]) }
      : {
          type: 'BPE',
          dropout: null,
          unk_token: '<unk>',
          continuing_subword_prefix: null,
          end_of_word_suffix: null,
          fuse_unk: true,
          byte_fallback: true,
          vocab: Object.fromEntries(pieces.map((p, i) => [p, i])),
          merges: [],
        };
  return {
    version: '1.0',
    added_tokens: [0, 1, 2].map(special),
    normalizer: {
      type: 'Sequence',
      normalizers: [
        { type: 'Prepend', prepend: '▁' },
        { type: 'Replace', pattern: { String: ' ' }, content: '▁' },
      ],
    },
    pre_tokenizer: null,
    post_processor: null,
    decoder,
    model,
  };
}

describe('TokenVocabulary from SentencePiece-style tokenizers', () => {
  it.each([['llama'], ['gemma'], ['metaspace']] as const)('%s', (kind) => {
    const json = sentencePieceJson(kind);
    const vocab = TokenVocabulary.fromTokenizerJson(json);
    const tokenizer = hf(json);
    expect(vocab.stripsLeadingSpace).toBe(kind !== 'gemma');
    const size = (
      kind === 'metaspace'
        ? (json.model as { vocab: unknown[] }).vocab
        : Object.keys((json.model as { vocab: object }).vocab)
    ).length;
    const ids = Array.from({ length: size - 3 }, (_, i) => i + 3);
    const at = (piece: string) => ids.find((id) => lossy.decode(vocab.bytesOf(id)) === piece)!;

    // `▁` is a space, `<0xNN>` one byte (unless the decoder has no ByteFallback), `x▁y` has an inner space.
    expect(lossy.decode(vocab.bytesOf(at(' the')))).toBe(' the');
    expect(vocab.bytesOf(at('x y'))).toEqual(encoder.encode('x y'));
    if (kind !== 'metaspace') expect(vocab.bytesOf(3 + 0xe2)).toEqual(Uint8Array.of(0xe2));

    // The decoder strips the first token's leading space; with a token in front, every token shows whole.
    const front = at('a');
    const { exact, lossyOnly } = checkAgainstDecode(vocab, tokenizer, ids, front);
    expect(exact + lossyOnly).toBe(ids.length);
    expect(tokenizer.decode([at(' the')])).toBe(vocab.stripsLeadingSpace ? 'the' : ' the');
  });

  it('<0xNN> tokens are single bytes that combine into characters', () => {
    const json = sentencePieceJson('llama');
    const vocab = TokenVocabulary.fromTokenizerJson(json);
    const euro = [0xe2, 0x82, 0xac].map((b) => 3 + b);
    expect(euro.map((id) => vocab.bytesOf(id)![0])).toEqual([0xe2, 0x82, 0xac]);
    expect(hf(json).decode(euro)).toBe('€');
  });
});

describe('tokenizers whose tokens have no fixed bytes are refused', () => {
  const base = () => structuredClone(fixtureTokenizer('tiny').tokenizerJson);
  it.each([
    ['no decoder', null, /no decoder/],
    ['WordPiece', { type: 'WordPiece', prefix: '##', cleanup: true }, /"WordPiece" decoder/],
    ['regex Replace', { type: 'Replace', pattern: { Regex: '▁+' }, content: ' ' }, /regex pattern/],
    [
      'Strip before Fuse',
      { type: 'Sequence', decoders: [{ type: 'Strip', content: ' ', start: 1, stop: 0 }] },
      /Strip/,
    ],
    [
      'Strip at the end',
      { type: 'Sequence', decoders: [{ type: 'Fuse' }, { type: 'Strip', content: ' ', start: 0, stop: 1 }] },
      /Strip/,
    ],
  ])('%s', (_, decoder, message) => {
    const json = { ...base(), decoder };
    let error: unknown;
    try {
      TokenVocabulary.fromTokenizerJson(json);
    } catch (e) {
      error = e;
    }
    expect(PocketLMError.isInstance(error, 'UNSUPPORTED_CONSTRAINT')).toBe(true);
    expect((error as Error).message).toMatch(message);
  });

  it('a WordPiece model', () => {
    const json = { ...base(), model: { type: 'WordPiece', vocab: { a: 0 }, unk_token: '[UNK]' } };
    expect(() => TokenVocabulary.fromTokenizerJson(json)).toThrow(/BPE and Unigram/);
  });
});
