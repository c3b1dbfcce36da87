import { Tokenizer } from '@huggingface/tokenizers';
import { describe, expect, it } from 'vitest';
import { buildTokenizer } from '../src/tokenizer/build-tokenizer.js';
import { byteLevelAlphabet } from '../src/tokenizer/byte-level-alphabet.js';
import { mulberry32 } from '../src/tokenizer/mulberry32.js';
import { byteLevelPreTokenize, trainByteLevelBpe } from '../src/tokenizer/train-byte-level-bpe.js';

const SAMPLES = [
  'Hello, world! The quick brown fox jumps over the lazy dog.',
  'Crème brûlée for the élève; Grüße aus München.',
  '日本語のテキスト、こんにちは世界。中文：你好。',
  'Emoji: 🙂👍🚀 and a family 👩‍👩‍👧 and a flag 🇯🇵.',
  'function add(a, b) {\n  return a + b;\n}\n\n\tindented\r\nwindows line',
  '   leading spaces and trailing   ',
  'Numbers 3.14159, 1e-5, 0x1F, $10.50 and 100%',
  'Control-looking text <|im_start|> stays text in plain mode',
  '\u0000\u0001 odd bytes \uFFFD and a lone combining mark \u0301',
  '',
];

function load(vocabSize: number, seed?: number) {
  const built = buildTokenizer({ vocabSize, seed });
  return { built, tokenizer: new Tokenizer(built.tokenizerJson, built.tokenizerConfig) };
}

describe('buildTokenizer', () => {
  const { built, tokenizer } = load(4096);

  it('loads in @huggingface/tokenizers and round-trips varied text exactly', () => {
    for (const text of SAMPLES) {
      const { ids } = tokenizer.encode(text, { add_special_tokens: false });
      expect(ids.every((id) => id >= 0 && id < 4096)).toBe(true);
      if (text.length > 0) expect(tokenizer.decode(ids)).toBe(text);
    }
  });

  it('makes common words single multi-character tokens', () => {
    for (const word of [' the', ' and', ' of']) {
      const { ids, tokens } = tokenizer.encode(word, { add_special_tokens: false });
      expect(ids).toHaveLength(1);
      expect(tokens[0].length).toBeGreaterThan(1);
    }
    const { ids } = tokenizer.encode('The people of the village walked to their fields.', {
      add_special_tokens: false,
    });
    expect(ids.length).toBeLessThan(20);
  });

  it('puts the control tokens at ids 0, 1, 2 and parses them in templated text', () => {
    expect(built.specialTokens).toEqual({ endOfText: 0, imStart: 1, imEnd: 2 });
    expect(tokenizer.token_to_id('<|endoftext|>')).toBe(0);
    expect(tokenizer.token_to_id('<|im_start|>')).toBe(1);
    expect(tokenizer.token_to_id('<|im_end|>')).toBe(2);
    const { ids } = tokenizer.encode('<|im_start|>user\nhi<|im_end|>', { add_special_tokens: false });
    expect(ids[0]).toBe(1);
    expect(ids.at(-1)).toBe(2);
    expect(tokenizer.decode(ids, { skip_special_tokens: true })).toBe('user\nhi');
  });

  it('writes the layout SmolLM2 ships: specials in added_tokens and model.vocab, then 256 bytes, then merges', () => {
    const json = built.tokenizerJson as {
      added_tokens: { id: number; content: string; special: boolean }[];
      model: { type: string; vocab: Record<string, number>; merges: [string, string][] };
      pre_tokenizer: Record<string, unknown>;
      decoder: Record<string, unknown>;
      normalizer: unknown;
    };
    expect(json.model.type).toBe('BPE');
    expect(json.normalizer).toBeNull();
    expect(json.pre_tokenizer).toMatchObject({ type: 'ByteLevel', add_prefix_space: false, use_regex: true });
    expect(json.decoder).toMatchObject({ type: 'ByteLevel' });
    expect(json.added_tokens.map((t) => [t.id, t.content, t.special])).toEqual([
      [0, '<|endoftext|>', true],
      [1, '<|im_start|>', true],
      [2, '<|im_end|>', true],
    ]);
    const byId = Object.entries(json.model.vocab).sort((a, b) => a[1] - b[1]);
    expect(byId.map(([, id]) => id)).toEqual([...Array(4096).keys()]);
    expect(byId.slice(0, 3).map(([t]) => t)).toEqual(['<|endoftext|>', '<|im_start|>', '<|im_end|>']);
    expect(new Set(byId.slice(3, 259).map(([t]) => t))).toEqual(new Set(byteLevelAlphabet()));
    expect(byId[3][0]).toBe('!');
    // Every merge joins two existing tokens; every token past the bytes is made by some merge.
    const seen = new Set(byId.slice(0, 259).map(([t]) => t));
    for (const [left, right] of json.model.merges) {
      expect(seen.has(left) && seen.has(right)).toBe(true);
      seen.add(left + right);
    }
    expect(seen.size).toBe(4096);
  });

  it('has exactly vocabSize ids, including at SmolLM2 size, and builds that in under 5 s', () => {
    const start = performance.now();
    const big = load(49152);
    expect(performance.now() - start).toBeLessThan(5000);
    expect(big.tokenizer.get_vocab(true).size).toBe(49152);
    expect(Object.keys((big.built.tokenizerJson.model as { vocab: object }).vocab)).toHaveLength(49152);
    for (const text of SAMPLES.slice(0, 5)) {
      expect(big.tokenizer.decode(big.tokenizer.encode(text).ids)).toBe(text);
    }
    expect(load(259).tokenizer.get_vocab(true).size).toBe(259);
    expect(() => buildTokenizer({ vocabSize: 258 })).toThrow(RangeError);
  });

  it('is byte-identical for the same options and differs with the seed', () => {
    const a = JSON.stringify(buildTokenizer({ vocabSize: 8000, seed: 7 }));
    const b = JSON.stringify(buildTokenizer({ vocabSize: 8000, seed: 7 }));
    const c = JSON.stringify(buildTokenizer({ vocabSize: 8000, seed: 8 }));
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });

  it('writes a SmolLM2-style tokenizer_config.json', () => {
    expect(built.tokenizerConfig).toMatchObject({
      bos_token: '<|im_start|>',
      eos_token: '<|im_end|>',
      pad_token: '<|im_end|>',
      unk_token: '<|endoftext|>',
      clean_up_tokenization_spaces: false,
      tokenizer_class: 'GPT2Tokenizer',
      model_max_length: 8192,
      added_tokens_decoder: { '1': { content: '<|im_start|>', special: true } },
    });
    expect(built.tokenizerConfig.chat_template).toContain(
      "{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}",
    );
  });
});

describe('trainByteLevelBpe', () => {
  it('merges the most frequent pair first and breaks ties by symbol order', () => {
    // Words: ab, Ġab ×2, Ġcd ×2. a+b occurs 3 times; then Ġ+ab, Ġ+c and c+d tie at 2 and "c" < "Ġ".
    expect(trainByteLevelBpe('ab ab ab cd cd', 10)).toEqual([
      ['a', 'b'],
      ['c', 'd'],
      ['Ġ', 'ab'],
      ['Ġ', 'cd'],
    ]);
    expect(trainByteLevelBpe('ab ab ab cd cd', 2)).toHaveLength(2);
  });

  it('pre-tokenizes like GPT-2 in the byte-level alphabet', () => {
    expect(byteLevelPreTokenize("Hi there, it's 42!\n")).toEqual([
      'Hi',
      'Ġthere',
      ',',
      'Ġit',
      "'s",
      'Ġ42',
      '!',
      'Ċ',
    ]);
    expect(byteLevelPreTokenize('é')).toEqual(['Ã©']);
  });
});

describe('mulberry32', () => {
  it('is deterministic per seed and uniform enough', () => {
    const a = mulberry32(123);
    const b = mulberry32(123);
    const values = Array.from({ length: 10_000 }, () => a());
    expect(values.slice(0, 5)).toEqual(Array.from({ length: 5 }, () => b()));
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.02);
    expect(mulberry32(124)()).not.toBe(values[0]);
  });
});
