import { PocketLMError } from '@pocketlm/core';
import { describe, expect, it } from 'vitest';
import { type ChunkableDocument, chunkDocument } from '../src/chunking/chunk-document.js';
import type { Chunk } from '../src/document.js';
import { loadMarkdown } from '../src/loaders/load-markdown.js';
import { loadPdf } from '../src/loaders/load-pdf.js';
import { makePdf } from './fixtures/make-pdf.js';

const words = (text: string) => text.split(/\s+/).filter(Boolean).length;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function doc(text: string, extra: Partial<ChunkableDocument> = {}): ChunkableDocument {
  return { source: 'doc.txt', text, kind: 'text', hash: 'h', ...extra };
}

/** Deterministic prose: paragraphs of sentences of varying length. */
function prose(paragraphs: number, seed = 1): string {
  let state = seed;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const vocabulary = 'alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu'.split(' ');
  return Array.from({ length: paragraphs }, () =>
    Array.from({ length: 1 + Math.floor(next() * 6) }, () => {
      const n = 3 + Math.floor(next() * 14);
      const sentence = Array.from({ length: n }, () => vocabulary[Math.floor(next() * vocabulary.length)]);
      return `${sentence.join(' ')}.`.replace(/^./, (c) => c.toUpperCase());
    }).join(' '),
  ).join('\n\n');
}

function expectInvariants(text: string, chunks: Chunk[], countTokens: (t: string) => number, max: number) {
  chunks.forEach((chunk, i) => {
    expect(chunk.id).toBe(`doc.txt#${i}`);
    expect(text.slice(chunk.start, chunk.end)).toBe(chunk.text);
    expect(chunk.text).toBe(chunk.text.trim());
    expect(chunk.text.length).toBeGreaterThan(0);
    expect(chunk.tokens).toBe(countTokens(chunk.text));
    expect(chunk.tokens).toBeLessThanOrEqual(max);
    expect(LONE_SURROGATE.test(chunk.text)).toBe(false);
    if (i > 0) {
      expect(chunk.start).toBeGreaterThan(chunks[i - 1].start);
      expect(chunk.end).toBeGreaterThan(chunks[i - 1].end);
    }
  });
  // Every non-space character is in some chunk.
  const covered = new Uint8Array(text.length);
  for (const c of chunks) covered.fill(1, c.start, c.end);
  const uncovered = Array.from(covered).findIndex((_, i) => covered[i] === 0 && !/\s/.test(text[i]));
  expect(uncovered).toBe(-1);
}

describe('chunkDocument', () => {
  it('packs paragraphs up to maxTokens with offsets that slice the document exactly', () => {
    const text = prose(30);
    const chunks = chunkDocument(doc(text), { countTokens: words, maxTokens: 40, overlapTokens: 8 });
    expect(chunks.length).toBeGreaterThan(5);
    expectInvariants(text, chunks, words, 40);
    for (const chunk of chunks) {
      expect(chunk).toMatchObject({ source: 'doc.txt', kind: 'text', hash: 'h', headings: [] });
      expect(chunk.page).toBeUndefined();
    }
  });

  it('overlaps consecutive chunks by about overlapTokens, and not at all with 0', () => {
    const text = prose(30, 7);
    const chunks = chunkDocument(doc(text), { countTokens: words, maxTokens: 40, overlapTokens: 10 });
    const overlaps = chunks.slice(1).map((c, i) => Math.max(0, chunks[i].end - c.start));
    for (const [i, overlap] of overlaps.entries()) {
      expect(words(text.slice(chunks[i + 1].start, chunks[i + 1].start + overlap))).toBeLessThanOrEqual(10);
    }
    expect(overlaps.filter((o) => o > 0).length).toBeGreaterThan(overlaps.length / 2);
    const none = chunkDocument(doc(text), { countTokens: words, maxTokens: 40, overlapTokens: 0 });
    for (let i = 1; i < none.length; i++) expect(none[i].start).toBeGreaterThanOrEqual(none[i - 1].end);
  });

  it('ends chunks at paragraph breaks when one is near the limit', () => {
    const text = 'one two three four five six.\n\nseven eight nine ten.\n\neleven twelve thirteen fourteen.';
    const chunks = chunkDocument(doc(text), { countTokens: words, maxTokens: 12, overlapTokens: 0 });
    expect(chunks.map((c) => c.text)).toEqual([
      'one two three four five six.\n\nseven eight nine ten.',
      'eleven twelve thirteen fourteen.',
    ]);
  });

  it('splits an over-long sentence by tokens, and a word longer than a chunk between code points', () => {
    const sentence = Array.from({ length: 100 }, (_, i) => `w${i}`).join(' ');
    const byWords = chunkDocument(doc(sentence), { countTokens: words, maxTokens: 16, overlapTokens: 4 });
    expectInvariants(sentence, byWords, words, 16);
    expect(Math.max(...byWords.map((c) => c.tokens))).toBe(16);

    const chars = (t: string) => t.length;
    const emoji = `start ${'😀'.repeat(25)} end`;
    const cut = chunkDocument(doc(emoji), { countTokens: chars, maxTokens: 7, overlapTokens: 2 });
    expectInvariants(emoji, cut, chars, 7);
  });

  it('keeps headings per section and never mixes two sections in one chunk', async () => {
    const markdown = `# Guide\n\n${prose(3)}\n\n## Install\n\n${prose(4, 3)}\n\n### Node\n\nShort.\n\n## Use\n\nUse it.`;
    const loaded = await loadMarkdown(markdown, 'guide.md');
    const chunks = chunkDocument(loaded, { countTokens: words, maxTokens: 30, overlapTokens: 5 });
    const sectionStarts = loaded.sections.map((s) => s.start);
    for (const chunk of chunks) {
      expect(sectionStarts.some((s) => s > chunk.start && s < chunk.end)).toBe(false);
      expect(loaded.text.slice(chunk.start, chunk.end)).toBe(chunk.text);
    }
    expect(chunks[0].headings).toEqual(['Guide']);
    expect(chunks.find((c) => c.text.startsWith('### Node'))?.headings).toEqual(['Guide', 'Install', 'Node']);
    expect(chunks.at(-1)).toMatchObject({ text: '## Use\n\nUse it.', headings: ['Guide', 'Use'] });
    expect(chunks.map((c) => c.id)).toEqual(chunks.map((_, i) => `guide.md#${i}`));
    expect(chunks.every((c) => c.kind === 'markdown' && c.hash === loaded.hash)).toBe(true);
  });

  it('labels each chunk with the PDF page it starts on', async () => {
    const page = (n: number) => [`Page ${n} opens here.`, `More words on page ${n} to fill it.`];
    const pdf = await loadPdf(makePdf([page(1), page(2), page(3)]), 'report.pdf');
    const chunks = chunkDocument(pdf, { countTokens: words, maxTokens: 8, overlapTokens: 2 });
    for (const chunk of chunks) {
      const expected = pdf.pages!.filter((p) => p.start <= chunk.start).at(-1)!.page;
      expect(chunk.page).toBe(expected);
    }
    expect(new Set(chunks.map((c) => c.page))).toEqual(new Set([1, 2, 3]));
  });

  it('gives no chunks for an empty or blank document', () => {
    expect(chunkDocument(doc(''), { countTokens: words })).toEqual([]);
    expect(chunkDocument(doc(' \n\n\t '), { countTokens: words })).toEqual([]);
  });

  it('works with a counter that adds a token of its own (BOS) to every text', () => {
    const withBos = (t: string) => words(t) + 1;
    const text = prose(10, 5);
    const chunks = chunkDocument(doc(text), { countTokens: withBos, maxTokens: 20, overlapTokens: 4 });
    expectInvariants(text, chunks, withBos, 20);
  });

  it('defaults to 256 tokens with 32 of overlap', () => {
    const text = prose(200, 11);
    const chunks = chunkDocument(doc(text), { countTokens: words });
    expectInvariants(text, chunks, words, 256);
    expect(Math.max(...chunks.map((c) => c.tokens))).toBeGreaterThan(200);
  });

  it('refuses limits that cannot produce chunks', () => {
    for (const options of [{ maxTokens: 0 }, { maxTokens: 1.5 }, { maxTokens: 10, overlapTokens: 10 }]) {
      expect(() => chunkDocument(doc('text'), { countTokens: words, ...options })).toThrow(
        expect.toSatisfy((e: unknown) => PocketLMError.isInstance(e, 'INVALID_OPTIONS')),
      );
    }
  });
});
