import type { Chunk, RagDocument } from '../document.js';
import type { DocumentPage, DocumentSection } from '../loaders/loaded-document.js';
import { type ChunkOptions, resolveChunkOptions } from './chunk-options.js';
import { splitSection } from './split-section.js';

/** A document to chunk: any `RagDocument`; a loader's `LoadedDocument` also gives headings and pages. */
export type ChunkableDocument = RagDocument & { sections?: DocumentSection[]; pages?: DocumentPage[] };

/**
 * Splits a document into chunks of at most `maxTokens` (as counted by `countTokens`). Heading sections are never
 * mixed in one chunk; inside a section, chunks end at paragraph, line, sentence or word breaks (in that order
 * of preference) and overlap by about `overlapTokens`. Each chunk's `text` is `doc.text.slice(start, end)`,
 * `headings` is the heading path at its start and `page` the PDF page it starts on. An empty (or blank)
 * document gives no chunks. Throws `INVALID_OPTIONS` for impossible limits.
 */
export function chunkDocument(doc: ChunkableDocument, options: ChunkOptions): Chunk[] {
  const limits = resolveChunkOptions(options);
  const { text } = doc;
  const pageStarts = (doc.pages ?? []).map((p) => p.start);
  const chunks: Chunk[] = [];
  for (const section of sectionRanges(text, doc.sections ?? [])) {
    const starts = pageStarts.filter((p) => p > section.from && p < section.to);
    for (const span of splitSection(text, section.from, section.to, limits, starts)) {
      const page = pageAt(doc.pages, span.start);
      chunks.push({
        id: `${doc.source}#${chunks.length}`,
        source: doc.source,
        kind: doc.kind,
        hash: doc.hash,
        text: text.slice(span.start, span.end),
        start: span.start,
        end: span.end,
        headings: [...section.headings],
        ...(page === undefined ? {} : { page }),
        tokens: span.tokens,
      });
    }
  }
  return chunks;
}

/** The text cut at every section start; the part before the first heading has no headings. */
function sectionRanges(
  text: string,
  sections: DocumentSection[],
): { from: number; to: number; headings: string[] }[] {
  const sorted = sections
    .filter((s) => s.start >= 0 && s.start < text.length)
    .sort((a, b) => a.start - b.start);
  const ranges: { from: number; to: number; headings: string[] }[] = [];
  let from = 0;
  let headings: string[] = [];
  for (const section of sorted) {
    if (section.start > from) ranges.push({ from, to: section.start, headings });
    from = section.start;
    headings = section.headings;
  }
  ranges.push({ from, to: text.length, headings });
  return ranges;
}

/** The page whose start is the last at or before `offset`. */
function pageAt(pages: DocumentPage[] | undefined, offset: number): number | undefined {
  let page: number | undefined;
  for (const p of pages ?? []) {
    if (p.start > offset) break;
    page = p.page;
  }
  return page;
}
