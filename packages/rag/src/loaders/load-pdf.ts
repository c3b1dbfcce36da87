import { contentHash } from './content-hash.js';
import { loadError } from './load-error.js';
import type { DocumentPage, LoadedDocument } from './loaded-document.js';

/** Pages are joined with a blank line, so a page break reads as a paragraph break to the chunker. */
const PAGE_SEPARATOR = '\n\n';

/**
 * Loads a PDF's text layer page by page with unpdf (pdf.js's serverless build: no worker, no native code, the same
 * in Node and browsers). Page starts are recorded so chunks know their page; `metadata` has `pages` and `title`.
 * A PDF with no text layer (a scan) loads as an empty document. Throws `INVALID_OPTIONS` (`details.reason`
 * `invalid-pdf`) for bytes pdf.js cannot open.
 */
export async function loadPdf(bytes: Uint8Array, source: string): Promise<LoadedDocument> {
  const hash = await contentHash(bytes);
  // Imported lazily: pdf.js is large, and most documents are not PDFs.
  const { getDocumentProxy } = await import('unpdf');
  let pageTexts: string[];
  let title: string | undefined;
  try {
    // pdf.js takes ownership of (detaches) the buffer it is given, so it gets a copy.
    const pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0, isEvalSupported: false });
    try {
      pageTexts = [];
      for (let n = 1; n <= pdf.numPages; n++) pageTexts.push(await pageText(pdf, n));
      const meta = await pdf.getMetadata().catch(() => undefined);
      const info = meta?.info as { Title?: unknown } | undefined;
      if (typeof info?.Title === 'string' && info.Title.trim()) title = info.Title.trim();
    } finally {
      await pdf.destroy();
    }
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    throw loadError('invalid-pdf', source, `pdf.js could not read it (${message}).`, cause);
  }

  const pages: DocumentPage[] = [];
  let text = '';
  pageTexts.forEach((page, index) => {
    const body = page.replace(/\r\n?/g, '\n').trim();
    if (text && body) text += PAGE_SEPARATOR;
    pages.push({ start: text.length, page: index + 1 });
    text += body;
  });
  return {
    source,
    text,
    kind: 'pdf',
    hash,
    metadata: { pages: pageTexts.length, ...(title ? { title } : {}) },
    sections: [],
    pages,
  };
}

type PdfProxy = Awaited<ReturnType<typeof import('unpdf')['getDocumentProxy']>>;

/** A page's text, with pdf.js's end-of-line markers as line breaks. */
async function pageText(pdf: PdfProxy, pageNumber: number): Promise<string> {
  const page = await pdf.getPage(pageNumber);
  const content = await page.getTextContent();
  let text = '';
  for (const item of content.items) {
    if (!('str' in item)) continue;
    text += item.str;
    if (item.hasEOL) text += '\n';
  }
  page.cleanup();
  return text;
}
