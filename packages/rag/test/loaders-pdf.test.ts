import { describe, expect, it } from 'vitest';
import { loadBytes } from '../src/loaders/load-bytes.js';
import { loadFailureReason } from '../src/loaders/load-error.js';
import { loadPdf } from '../src/loaders/load-pdf.js';
import { makePdf } from './fixtures/make-pdf.js';

describe('loadPdf', () => {
  it('extracts text page by page and records where each page starts', async () => {
    const bytes = makePdf([['First page, line one.', 'Line two.'], ['Second page (with parentheses).']], {
      title: 'Test PDF',
    });
    const doc = await loadPdf(bytes, 'report.pdf');
    expect(doc.kind).toBe('pdf');
    expect(doc.metadata).toEqual({ pages: 2, title: 'Test PDF' });
    expect(doc.pages).toHaveLength(2);
    const [first, second] = doc.pages!;
    expect(first).toEqual({ start: 0, page: 1 });
    expect(doc.text.slice(first.start, second.start)).toMatch(/^First page, line one\.\s+Line two\.\s*$/);
    expect(doc.text.slice(second.start)).toBe('Second page (with parentheses).');
    expect(second.page).toBe(2);
  });

  it('is chosen by loadBytes from the %PDF header and leaves the caller’s bytes intact', async () => {
    const bytes = makePdf([['Hello.']]);
    const copy = bytes.slice();
    const doc = await loadBytes(bytes, 'no-extension');
    expect(doc.text).toBe('Hello.');
    expect(bytes).toEqual(copy);
  });

  it('loads a PDF without text as an empty document', async () => {
    const doc = await loadPdf(makePdf([[]]), 'scan.pdf');
    expect(doc.text).toBe('');
    expect(doc.metadata).toMatchObject({ pages: 1 });
  });

  it('throws a typed error for a corrupt or truncated PDF', async () => {
    const truncated = makePdf([['Hello.']]).subarray(0, 40);
    await expect(loadPdf(truncated, 'bad.pdf')).rejects.toSatisfy(
      (e) => loadFailureReason(e) === 'invalid-pdf',
    );
    const garbage = new TextEncoder().encode('not a pdf at all');
    await expect(loadBytes(garbage, 'bad.pdf')).rejects.toSatisfy(
      (e) => loadFailureReason(e) === 'invalid-pdf',
    );
  });
});
