import { contentHash } from './content-hash.js';
import { decodeText } from './decode-text.js';
import { headingSections } from './heading-sections.js';
import { htmlToText } from './html-to-text.js';
import type { LoadedDocument } from './loaded-document.js';
import { type LoaderInput, toBytes } from './to-bytes.js';

/**
 * Loads HTML as readable text: scripts, styles and navigation dropped, headings h1–h6 kept as sections, block
 * elements as line breaks, `<title>` as `metadata.title`. The hash covers the raw HTML bytes.
 */
export async function loadHtml(input: LoaderInput, source: string): Promise<LoadedDocument> {
  const bytes = toBytes(input);
  const html = typeof input === 'string' ? input : decodeText(bytes, source);
  const { text, headings, title } = htmlToText(html);
  return {
    source,
    text,
    kind: 'html',
    hash: await contentHash(bytes),
    ...(title ? { metadata: { title } } : {}),
    sections: headingSections(headings),
  };
}
