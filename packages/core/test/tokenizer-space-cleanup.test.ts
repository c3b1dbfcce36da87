import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../testkit/src/tokenizer/mulberry32.js';
import {
  cleanUpTokenizationSpaces,
  createSpaceCleanupStream,
} from '../src/tokenizer/tokenization-space-cleanup.js';

describe('tokenization space cleanup', () => {
  it('rewrites like transformers', () => {
    expect(cleanUpTokenizationSpaces("Hello , world ! I do n't know . It 's ok ?")).toBe(
      "Hello, world! I don't know. It's ok?",
    );
  });

  it('streams to the same text as cleaning the whole, however the text is cut', () => {
    const random = mulberry32(99);
    const alphabet = [' ', ' ', ' ', '.', '?', '!', ',', "'", 'n', 't', 's', 'm', 'v', 'e', 'r', 'a', 'x'];
    for (let trial = 0; trial < 5000; trial++) {
      const length = Math.floor(random() * 24);
      const text = Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      const stream = createSpaceCleanupStream();
      let out = '';
      for (let i = 0; i < text.length; ) {
        const step = 1 + Math.floor(random() * 4);
        out += stream.push(text.slice(i, i + step));
        i += step;
      }
      out += stream.flush();
      expect(out, JSON.stringify(text)).toBe(cleanUpTokenizationSpaces(text));
    }
  });

  it('does not hold back prose that cannot change', () => {
    const stream = createSpaceCleanupStream();
    expect(stream.push('The cat sat on the mat and then')).toBe('The cat sat on the mat and then');
    expect(stream.push(' sle')).toBe('');
    expect(stream.push('pt soundly')).toBe(' slept soundly');
    expect(stream.push(' .')).toBe('');
    expect(stream.flush()).toBe('.');
  });
});
