import { contentHash } from './content-hash.js';
import { decodeText } from './decode-text.js';
import type { LoadedDocument } from './loaded-document.js';
import { type LoaderInput, toBytes } from './to-bytes.js';

/** Loads plain text. Throws `INVALID_OPTIONS` (`details.reason` `binary` / `invalid-encoding`) for non-text bytes. */
export async function loadText(input: LoaderInput, source: string): Promise<LoadedDocument> {
  const bytes = toBytes(input);
  const text = typeof input === 'string' ? input.replace(/\r\n?/g, '\n') : decodeText(bytes, source);
  return { source, text, kind: 'text', hash: await contentHash(bytes), sections: [] };
}
