import { describe, expect, it } from 'vitest';
import { buildTokenizer } from '../../testkit/src/tokenizer/build-tokenizer.js';
import { mulberry32 } from '../../testkit/src/tokenizer/mulberry32.js';
import { createIncrementalDecoder } from '../src/tokenizer/create-incremental-decoder.js';
import { HfTokenizer } from '../src/tokenizer/hf-tokenizer.js';
import type { IncrementalDecoder } from '../src/tokenizer/tokenizer.js';
import { BYTE_PIECES, SPECIAL_PIECES, sentencePieceJson } from './sentencepiece-fixture.js';

const built = buildTokenizer({ vocabSize: 8192, seed: 11 });
const tokenizer = new HfTokenizer({
  tokenizerJson: built.tokenizerJson,
  tokenizerConfig: built.tokenizerConfig,
});
// Same vocabulary with transformers' `clean_up_tokenization_spaces`, which rewrites text across token boundaries.
const cleaning = new HfTokenizer({
  tokenizerJson: built.tokenizerJson,
  tokenizerConfig: { ...built.tokenizerConfig, clean_up_tokenization_spaces: true },
});

function stream(decoder: IncrementalDecoder, ids: number[]): { deltas: string[]; text: string } {
  const deltas = ids.map((id) => decoder.push(id));
  deltas.push(decoder.flush());
  return { deltas, text: deltas.join('') };
}

describe('createDecoder', () => {
  it('concatenates to decode(allIds) on random id sequences', () => {
    const random = mulberry32(2024);
    for (let trial = 0; trial < 300; trial++) {
      const length = 1 + Math.floor(random() * 40);
      // Mostly single-byte tokens, where UTF-8 sequences get split, plus merged and special tokens.
      const ids = Array.from({ length }, () => {
        const r = random();
        if (r < 0.05) return Math.floor(random() * 3);
        if (r < 0.6) return 3 + Math.floor(random() * 256);
        return Math.floor(random() * tokenizer.size);
      });
      for (const skipSpecialTokens of [true, false]) {
        for (const t of [tokenizer, cleaning]) {
          const { text } = stream(t.createDecoder({ skipSpecialTokens }), ids);
          expect(text).toBe(t.decode(ids, { skipSpecialTokens }));
        }
      }
    }
  });

  it('never emits half a character of emoji or CJK text', () => {
    const text = 'Hi 🙂👍 日本語のテキスト 👩‍💻 done. Ünïcödé ✓ 🇯🇵!';
    const ids = tokenizer.encode(text);
    const { deltas, text: streamed } = stream(tokenizer.createDecoder(), ids);
    expect(streamed).toBe(text);
    expect(deltas.some((d) => d.includes('\uFFFD'))).toBe(false);
    // Some tokens end inside a multi-byte character and must have been held back.
    expect(deltas.slice(0, -1).filter((d) => d === '').length).toBeGreaterThan(0);
  });

  it('applies clean_up_tokenization_spaces to the stream exactly as decode does', () => {
    const text = "I do n't know . It 's fine , is n't it ? Yes ! We 're done .";
    const ids = [...text].flatMap((ch) => tokenizer.encode(ch));
    expect(cleaning.decode(ids)).toBe("I don't know. It's fine, isn't it? Yes! We're done.");
    expect(tokenizer.decode(ids)).toBe(text);
    expect(stream(cleaning.createDecoder(), ids).text).toBe(cleaning.decode(ids));
    expect(stream(tokenizer.createDecoder(), ids).text).toBe(text);
  });

  it('skips special tokens by default and keeps them on request', () => {
    const ids = tokenizer.encode('<|im_start|>assistant\nSure!<|im_end|>', { parseSpecialTokens: true });
    expect(stream(tokenizer.createDecoder(), ids).text).toBe('assistant\nSure!');
    expect(stream(tokenizer.createDecoder({ skipSpecialTokens: false }), ids).text).toBe(
      '<|im_start|>assistant\nSure!<|im_end|>',
    );
  });

  it('flushes an incomplete character as U+FFFD and starts afresh', () => {
    const decoder = tokenizer.createDecoder();
    const fourBytes = tokenizer.encode('🙂');
    expect(fourBytes.length).toBeGreaterThan(1);
    for (const id of fourBytes.slice(0, -1)) expect(decoder.push(id)).toBe('');
    expect(decoder.flush()).toBe('\uFFFD');
    expect(decoder.flush()).toBe('');
    expect(stream(decoder, tokenizer.encode('again')).text).toBe('again');
  });

  it('keeps context-dependent decoders right (SentencePiece: leading-space strip, byte fallback)', () => {
    // A Llama-2-style decoder: ▁ becomes a space, <0x..> tokens are bytes, and the first space is stripped.
    const words = ['▁Hello', '▁world', '!'];
    const pieces = [...SPECIAL_PIECES, ...BYTE_PIECES, ...words];
    const id = (piece: string) => pieces.indexOf(piece);
    const sentencePiece = new HfTokenizer({ tokenizerJson: sentencePieceJson(words) });
    const emoji = [...new TextEncoder().encode('🙂')].map((b) => id(BYTE_PIECES[b]));
    const ids = [id('▁Hello'), id('▁world'), ...emoji, id('!'), id('▁world')];
    expect(sentencePiece.decode(ids)).toBe('Hello world🙂! world');
    const { deltas, text } = stream(sentencePiece.createDecoder(), ids);
    expect(text).toBe('Hello world🙂! world');
    expect(deltas).toEqual(['Hello', ' world', '', '', '', '🙂', '!', ' world', '']);

    // The same ids pushed to a naive per-token decoder would lose every space; the window keeps them.
    const perToken = ids.map((i) => sentencePiece.decode([i])).join('');
    expect(perToken).not.toBe(text);
  });
});

describe('createIncrementalDecoder', () => {
  it('emits only the new suffix of each window', () => {
    const calls: number[][] = [];
    const decoder = createIncrementalDecoder((ids) => {
      calls.push(ids);
      return ids.map((i) => String.fromCharCode(96 + i)).join('');
    });
    expect([1, 2, 3].map((i) => decoder.push(i)).join('')).toBe('abc');
    // Each window holds at most the previous emission plus the new id.
    expect(Math.max(...calls.map((c) => c.length))).toBeLessThanOrEqual(2);
    expect(decoder.flush()).toBe('');
  });
});
