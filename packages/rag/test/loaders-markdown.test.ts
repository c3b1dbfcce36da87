import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { loadMarkdown } from '../src/loaders/load-markdown.js';

const fixture = new URL('./fixtures/guide.md', import.meta.url);

describe('loadMarkdown', () => {
  it('keeps the text verbatim and records every heading with its path', async () => {
    const bytes = await readFile(fixture);
    const doc = await loadMarkdown(bytes, 'guide.md');
    expect(doc.text).toBe(bytes.toString('utf8'));
    expect(doc.kind).toBe('markdown');
    expect(doc.metadata).toEqual({ title: 'PocketLM Guide' });
    expect(doc.sections.map((s) => s.headings)).toEqual([
      ['PocketLM Guide'],
      ['PocketLM Guide', 'Install'],
      ['PocketLM Guide', 'Install', 'Node'],
      ['PocketLM Guide', 'Setext Section'],
    ]);
    // Each section starts at its heading line.
    expect(doc.text.slice(doc.sections[1].start).startsWith('## Install')).toBe(true);
    expect(doc.text.slice(doc.sections[3].start).startsWith('Setext Section\n---')).toBe(true);
  });

  it('ignores # lines inside fenced code and strips closing hashes', async () => {
    const doc = await loadMarkdown('~~~\n# code\n~~~\n## Real ##\ntext', 'a.md');
    expect(doc.sections).toEqual([{ start: 15, headings: ['Real'] }]);
    expect(doc.metadata).toBeUndefined();
  });

  it('does not take a list item or a thematic break for a setext heading', async () => {
    const doc = await loadMarkdown('- item\n---\n\ntext\n\n***\n', 'a.md');
    expect(doc.sections).toEqual([]);
  });

  it('loads an empty file', async () => {
    const doc = await loadMarkdown(new Uint8Array(), 'empty.md');
    expect(doc).toMatchObject({ text: '', sections: [] });
  });
});
