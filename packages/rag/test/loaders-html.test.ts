import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { loadHtml } from '../src/loaders/load-html.js';

const fixture = new URL('./fixtures/page.html', import.meta.url);

describe('loadHtml', () => {
  it('keeps readable text, headings and block structure; drops script, style and nav', async () => {
    const doc = await loadHtml(await readFile(fixture), 'page.html');
    expect(doc.kind).toBe('html');
    expect(doc.metadata).toEqual({ title: 'PocketLM & RAG' });
    expect(doc.text).toBe(
      [
        'Retrieval',
        '',
        'Chunks are embedded and stored.',
        '',
        'Hybrid search',
        '',
        'BM25 and vectors are fused.',
        'Rank fusion needs no tuning.',
        '',
        'First item',
        'Second item',
        '',
        '  indented',
        '    code',
        '',
        'Answers',
        '',
        'Answers cite their sources\u00a0\u2014 always.',
      ].join('\n'),
    );
    expect(doc.text).not.toMatch(/console|alert|color|Home|Docs/);
    expect(doc.sections.map((s) => s.headings)).toEqual([
      ['Retrieval'],
      ['Retrieval', 'Hybrid search'],
      ['Retrieval', 'Answers'],
    ]);
    for (const section of doc.sections) {
      expect(doc.text.slice(section.start).startsWith(section.headings.at(-1)!)).toBe(true);
    }
  });

  it('survives broken markup and an empty page', async () => {
    const doc = await loadHtml('<div><p>open <b>bold<h3>Late</div> tail', 'x.html');
    expect(doc.text).toContain('open bold');
    expect(doc.sections[0].headings).toEqual(['Late']);
    expect((await loadHtml('', 'empty.html')).text).toBe('');
    expect((await loadHtml('<script>x()</script>', 'only-script.html')).text).toBe('');
  });
});
