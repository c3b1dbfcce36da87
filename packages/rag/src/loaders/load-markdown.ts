import { contentHash } from './content-hash.js';
import { decodeText } from './decode-text.js';
import { headingSections } from './heading-sections.js';
import type { LoadedDocument } from './loaded-document.js';
import { markdownHeadings } from './markdown-headings.js';
import { type LoaderInput, toBytes } from './to-bytes.js';

/**
 * Loads Markdown. The text is kept verbatim (links, code and emphasis are what users cite); only heading positions
 * are added, so every chunk knows the headings above it. The first `#` heading becomes `metadata.title`.
 */
export async function loadMarkdown(input: LoaderInput, source: string): Promise<LoadedDocument> {
  const bytes = toBytes(input);
  const text = typeof input === 'string' ? input.replace(/\r\n?/g, '\n') : decodeText(bytes, source);
  const headings = markdownHeadings(text);
  const title = headings.find((h) => h.level === 1)?.text;
  return {
    source,
    text,
    kind: 'markdown',
    hash: await contentHash(bytes),
    ...(title ? { metadata: { title } } : {}),
    sections: headingSections(headings),
  };
}
