import type { Citation } from '@pocketlm/rag';

/** One line per cited chunk: `[n] source › heading › subheading (page p, start–end)`, offsets in the document text. */
export function formatCitation(citation: Citation): string {
  const where = [citation.source, ...citation.headings].join(' › ');
  const page = citation.page ? `page ${citation.page}, ` : '';
  return `[${citation.n}] ${where} (${page}${citation.start}–${citation.end})`;
}
