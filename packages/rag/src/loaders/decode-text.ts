import { loadError } from './load-error.js';

/**
 * Decodes a text file strictly: UTF-8 (UTF-16 only with a BOM, since that is the only way to tell it apart).
 * NUL bytes mean binary, invalid UTF-8 is refused rather than replaced, so garbage never reaches the index.
 * Line endings become `\n` so offsets mean the same on every platform.
 */
export function decodeText(bytes: Uint8Array, source: string): string {
  const utf16 = utf16Encoding(bytes);
  let text: string;
  if (utf16) {
    text = decodeStrict(bytes, utf16, source);
  } else {
    if (bytes.includes(0)) throw loadError('binary', source, 'the file contains NUL bytes (binary data).');
    text = decodeStrict(bytes, 'utf-8', source);
  }
  return text.replace(/\r\n?/g, '\n');
}

function utf16Encoding(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return undefined;
}

function decodeStrict(bytes: Uint8Array, encoding: string, source: string): string {
  try {
    // fatal: throw on malformed input; the BOM is dropped by default (ignoreBOM: false).
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch (cause) {
    throw loadError(
      'invalid-encoding',
      source,
      `the file is not valid ${encoding.toUpperCase()} text.`,
      cause,
    );
  }
}
