import { HfTokenizer } from '@pocketlm/core';
import { describe, expect, it } from 'vitest';
import { fixtureTokenizer } from '../../testkit/src/fixtures/fixture-version.js';
import { chunkDocument } from '../src/chunking/chunk-document.js';
import { loadMarkdown } from '../src/loaders/load-markdown.js';

const built = fixtureTokenizer('tiny');
const tokenizer = new HfTokenizer({
  tokenizerJson: built.tokenizerJson,
  tokenizerConfig: built.tokenizerConfig,
});
const countTokens = (text: string) => tokenizer.encode(text).length;

describe('chunkDocument with a real tokenizer', () => {
  it('keeps every chunk within maxTokens of the embedder’s tokenizer, including emoji and accents', async () => {
    const paragraph = (n: number) =>
      `Paragraph ${n}: Café owners in Zürich 😀 sell crème brûlée. Tokenizers split these words unevenly, ` +
      `so the chunker must count with the real tokenizer rather than guess from whitespace.`;
    const markdown = `# Notes\n\n${Array.from({ length: 12 }, (_, i) => paragraph(i)).join('\n\n')}\n\n## End\n\nDone.`;
    const doc = await loadMarkdown(markdown, 'notes.md');
    const chunks = chunkDocument(doc, { countTokens, maxTokens: 48, overlapTokens: 8 });
    expect(chunks.length).toBeGreaterThan(3);
    for (const chunk of chunks) {
      expect(doc.text.slice(chunk.start, chunk.end)).toBe(chunk.text);
      expect(chunk.tokens).toBe(countTokens(chunk.text));
      expect(chunk.tokens).toBeLessThanOrEqual(48);
    }
    // Word counts would not have been the limit: the tokenizer produces more tokens than words.
    expect(chunks.some((c) => c.tokens > c.text.split(/\s+/).length)).toBe(true);
    expect(chunks.at(-1)?.headings).toEqual(['Notes', 'End']);
  });
});
