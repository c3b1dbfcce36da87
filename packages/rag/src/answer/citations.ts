import type { RetrievedChunk } from '../document.js';

/** Where an answer's claim comes from: the chunk it cited, by source and offsets. */
export interface Citation {
  /** The number the answer used, `[n]`. */
  n: number;
  source: string;
  start: number;
  end: number;
  headings: string[];
  page?: number;
}

/** A chunk as a citation. */
export function citationOf(chunk: RetrievedChunk, n: number): Citation {
  return {
    n,
    source: chunk.source,
    start: chunk.start,
    end: chunk.end,
    headings: chunk.headings,
    page: chunk.page,
  };
}

/**
 * Finds `[n]` (and `[n, m]`) references in answer text that name a packed chunk, in order of first use. Returns
 * the new ones since `seen`, so a stream can report each citation once, as soon as it is complete.
 */
export function citedNumbers(text: string, count: number, seen: Set<number>): number[] {
  const found: number[] = [];
  for (const match of text.matchAll(/\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\]/g)) {
    for (const part of match[1].split(',')) {
      const n = Number(part.trim());
      if (n >= 1 && n <= count && !seen.has(n)) {
        seen.add(n);
        found.push(n);
      }
    }
  }
  return found;
}
