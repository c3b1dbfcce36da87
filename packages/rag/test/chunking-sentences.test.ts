import { describe, expect, it } from 'vitest';
import { sentenceStarts } from '../src/chunking/sentence-starts.js';

describe('sentenceStarts', () => {
  it('finds the same boundaries in windows as Intl.Segmenter does over the whole text', () => {
    const sentences = Array.from(
      { length: 400 },
      (_, i) => `Sentence ${i} says ${'more '.repeat(i % 13)}things.`,
    );
    // One sentence longer than a window, so a window holds no boundary at all.
    sentences.splice(200, 0, `${'long '.repeat(900)}end.`);
    const text = `  ${sentences.join(' ')}  `;
    const whole = [...new Intl.Segmenter(undefined, { granularity: 'sentence' }).segment(text)]
      .map((s) => s.index)
      .filter((index) => index > 0);
    expect(sentenceStarts(text, 0, text.length)).toEqual(whole);
    const from = text.indexOf('Sentence 10 ');
    const to = text.indexOf('Sentence 300 ');
    expect(sentenceStarts(text, from, to)).toEqual(whole.filter((i) => i > from && i < to));
  });
});
