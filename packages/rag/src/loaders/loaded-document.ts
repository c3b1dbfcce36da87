import type { RagDocument } from '../document.js';

/** Where a heading's section begins in the document's text, and the heading path that applies from there on. */
export interface DocumentSection {
  /** UTF-16 offset into `text` where the section (its heading line) starts. */
  start: number;
  /** The heading path, outermost first (`['Guide', 'Install']`). */
  headings: string[];
}

/** Where a PDF page begins in the document's text. */
export interface DocumentPage {
  /** UTF-16 offset into `text`. */
  start: number;
  /** 1-based page number. */
  page: number;
}

/**
 * A document as a loader returns it: the `RagDocument` plus the structure the chunker needs to label chunks with
 * their headings and pages. Sections and pages are sorted by `start`.
 */
export interface LoadedDocument extends RagDocument {
  sections: DocumentSection[];
  pages?: DocumentPage[];
}
