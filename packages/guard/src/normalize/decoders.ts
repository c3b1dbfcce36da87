/**
 * Decoders for payloads hidden in text. Each returns `undefined` unless the bytes decode to mostly printable text:
 * a hash or a random identifier is not a payload.
 */

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** Standard or URL-safe base64, padding optional. */
export function decodeBase64(run: string): string | undefined {
  let body = run.replace(/=+$/, '');
  if (body.length % 4 === 1) body = body.slice(0, -1);
  const bytes = new Uint8Array(Math.floor((body.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let n = 0;
  for (let i = 0; i < body.length; i++) {
    const digit = BASE64_DIGITS[body.charCodeAt(i)];
    if (digit === undefined || digit < 0) return undefined;
    value = (value << 6) | digit;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[n++] = (value >> bits) & 0xff;
    }
  }
  return printableText(bytes.subarray(0, n));
}

/** Hex bytes, with an optional `0x` prefix. */
export function decodeHex(run: string): string | undefined {
  const body = run.startsWith('0x') || run.startsWith('0X') ? run.slice(2) : run;
  if (body.length % 2 !== 0) return undefined;
  const bytes = new Uint8Array(body.length / 2);
  for (let i = 0; i < bytes.length; i++) {
    const byte = Number.parseInt(body.slice(i * 2, i * 2 + 2), 16);
    if (Number.isNaN(byte)) return undefined;
    bytes[i] = byte;
  }
  return printableText(bytes);
}

/** `%XX` escapes (and `+` for space), as in URLs and form bodies. */
export function decodePercent(run: string): string | undefined {
  const bytes: number[] = [];
  for (let i = 0; i < run.length; i++) {
    const c = run.charCodeAt(i);
    if (c === 0x25 && i + 2 < run.length && isHex(run.charCodeAt(i + 1)) && isHex(run.charCodeAt(i + 2))) {
      bytes.push(Number.parseInt(run.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (c === 0x2b) bytes.push(0x20);
    else if (c < 0x80) bytes.push(c);
    else return undefined;
  }
  return printableText(Uint8Array.from(bytes));
}

/** Backslash and entity escapes: `\x69`, `\u0069`, `&#105;`, `&#x69;`; other characters are kept. */
export function decodeEscapes(run: string): string | undefined {
  const parts: string[] = [];
  for (let i = 0; i < run.length; ) {
    const found = ESCAPE.exec(run.slice(i, i + 12));
    if (found === null) {
      parts.push(run[i]);
      i++;
      continue;
    }
    const [whole, x, u, hex, dec] = found;
    const code = Number.parseInt(x ?? u ?? hex ?? dec, dec === undefined ? 16 : 10);
    parts.push(code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : whole);
    i += whole.length;
  }
  const decoded = parts.join('');
  return isPrintable(decoded) ? decoded : undefined;
}

const ESCAPE = /^(?:\\x([0-9a-fA-F]{2})|\\u([0-9a-fA-F]{4})|&#[xX]([0-9a-fA-F]{1,6});|&#([0-9]{1,7});)/;

/** ROT13 of ASCII letters; everything else, and every offset, unchanged. */
export function rot13(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x61 && c <= 0x7a) out += String.fromCharCode(((c - 0x61 + 13) % 26) + 0x61);
    else if (c >= 0x41 && c <= 0x5a) out += String.fromCharCode(((c - 0x41 + 13) % 26) + 0x41);
    else out += text[i];
  }
  return out;
}

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

const BASE64_DIGITS = (() => {
  const table = new Int8Array(128).fill(-1);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  for (let i = 0; i < alphabet.length; i++) table[alphabet.charCodeAt(i)] = i;
  table[0x2d] = 62; // - (URL-safe)
  table[0x5f] = 63; // _ (URL-safe)
  return table;
})();

function printableText(bytes: Uint8Array): string | undefined {
  if (bytes.length < 4) return undefined;
  // Most candidates (hashes, blobs) fail on their first kilobytes; only decode all of those that pass.
  if (bytes.length > 4096 && !isPrintable(utf8.decode(bytes.subarray(0, 4096)))) return undefined;
  const text = utf8.decode(bytes);
  return isPrintable(text) ? text : undefined;
}

/** Mostly printable, and with some letters: at most 5% control or undecodable characters. */
function isPrintable(text: string): boolean {
  let bad = 0;
  let letters = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0xfffd || (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || (c >= 0x7f && c < 0xa0))
      bad++;
    else if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c >= 0x100) letters++;
  }
  return text.length > 0 && bad <= text.length * 0.05 && letters >= Math.min(4, text.length / 2);
}
