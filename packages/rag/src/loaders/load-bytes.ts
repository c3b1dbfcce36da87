import { decodeText } from './decode-text.js';
import { loadHtml } from './load-html.js';
import { loadMarkdown } from './load-markdown.js';
import { loadPdf } from './load-pdf.js';
import { loadText } from './load-text.js';
import type { LoadedDocument } from './loaded-document.js';

/** The loader a file goes to. */
export type DocumentKind = 'text' | 'markdown' | 'html' | 'pdf';

const BY_EXTENSION: Record<string, DocumentKind> = {
  md: 'markdown',
  markdown: 'markdown',
  mdx: 'markdown',
  html: 'html',
  htm: 'html',
  xhtml: 'html',
  pdf: 'pdf',
};

/**
 * Picks the loader from the content first (a `%PDF-` header is a PDF whatever its name), then the extension;
 * anything else must decode as text. `source` is the name to record (and whose extension is looked at).
 * Throws `INVALID_OPTIONS` with `details.reason` for binary or unreadable content.
 */
export async function loadBytes(bytes: Uint8Array, source: string): Promise<LoadedDocument> {
  switch (detectKind(bytes, source)) {
    case 'pdf':
      return loadPdf(bytes, source);
    case 'markdown':
      return loadMarkdown(bytes, source);
    case 'html':
      return loadHtml(bytes, source);
    default:
      return loadText(bytes, source);
  }
}

/** The kind `loadBytes` would load these bytes as. */
export function detectKind(bytes: Uint8Array, source: string): DocumentKind {
  if (hasPdfHeader(bytes)) return 'pdf';
  const byExtension = BY_EXTENSION[extensionOf(source)];
  if (byExtension) return byExtension;
  if (looksLikeHtml(bytes, source)) return 'html';
  return 'text';
}

function extensionOf(source: string): string {
  const name = source.slice(source.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

/** The spec allows the header anywhere in the first 1024 bytes (some writers put junk first). */
function hasPdfHeader(bytes: Uint8Array): boolean {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024));
  return head.includes('%PDF-');
}

function looksLikeHtml(bytes: Uint8Array, source: string): boolean {
  if (bytes.includes(0)) return false;
  let head: string;
  try {
    head = decodeText(bytes.subarray(0, 512), source);
  } catch {
    // A multi-byte character cut at 512 bytes, or not text at all: loadText will decide.
    return false;
  }
  return /^\s*(<!doctype html|<html[\s>])/i.test(head);
}
