import { decodeBase64, decodeEscapes, decodeHex, decodePercent, rot13 } from './decoders.js';

export type PayloadEncoding = 'base64' | 'hex' | 'percent' | 'escape';

/** An encoded run in the original text and what it decodes to. */
export interface EncodedPayload {
  readonly start: number;
  readonly end: number;
  readonly encoding: PayloadEncoding;
  readonly decoded: string;
}

/** Base64 runs shorter than this are too short to hide an instruction, and too easily found in ordinary words. */
const MIN_BASE64 = 16;
const MIN_PERCENT_ESCAPES = 3;
const MIN_ESCAPES = 4;

/**
 * Encoded runs in `text` that decode to readable text: base64 (≥ 16 characters), hex, URL percent-encoding, and
 * `\x` / `\u` / HTML numeric escapes. Each scan walks the text once.
 */
export function findPayloads(text: string, limit = 64): EncodedPayload[] {
  const found: EncodedPayload[] = [];
  const add = (start: number, end: number, encoding: PayloadEncoding, decoded: string | undefined) => {
    if (decoded !== undefined && found.length < limit) found.push({ start, end, encoding, decoded });
  };

  for (let i = 0; i < text.length; ) {
    if (!isBase64Code(text.charCodeAt(i))) {
      i++;
      continue;
    }
    let end = i;
    while (end < text.length && isBase64Code(text.charCodeAt(end))) end++;
    const bodyEnd = end;
    while (end < text.length && end - bodyEnd < 2 && text.charCodeAt(end) === 0x3d) end++;
    if (bodyEnd - i >= MIN_BASE64) {
      const run = text.slice(i, bodyEnd);
      const hex = HEX_RUN.test(run) ? decodeHex(run) : undefined;
      if (hex !== undefined) add(i, bodyEnd, 'hex', hex);
      else add(i, end, 'base64', decodeBase64(run));
    }
    i = end;
  }

  for (let i = 0; i < text.length; ) {
    if (!isUrlCode(text.charCodeAt(i))) {
      i++;
      continue;
    }
    let end = i;
    let escapes = 0;
    while (end < text.length && isUrlCode(text.charCodeAt(end))) {
      if (text.charCodeAt(end) === 0x25 && isHexAt(text, end + 1) && isHexAt(text, end + 2)) escapes++;
      end++;
    }
    if (escapes >= MIN_PERCENT_ESCAPES) add(i, end, 'percent', decodePercent(text.slice(i, end)));
    i = end;
  }

  for (let i = 0; i < text.length; ) {
    const first = escapeLength(text, i);
    if (first === 0) {
      i++;
      continue;
    }
    let end = i + first;
    let count = 1;
    for (;;) {
      let gap = end;
      while (
        gap < text.length &&
        gap - end < 3 &&
        escapeLength(text, gap) === 0 &&
        isFiller(text.charCodeAt(gap))
      ) {
        gap++;
      }
      const next = escapeLength(text, gap);
      if (next === 0) break;
      end = gap + next;
      count++;
    }
    if (count >= MIN_ESCAPES) add(i, end, 'escape', decodeEscapes(text.slice(i, end)));
    i = end;
  }
  return found;
}

const HEX_RUN = /^(?:0[xX])?[0-9a-fA-F]*$/;

/** Words that, when a text's ROT13 spells two or more of them, make the ROT13 reading worth matching. */
const ROT13_TRIGGERS = new Set([
  'ignore',
  'disregard',
  'forget',
  'previous',
  'prior',
  'instructions',
  'system',
  'prompt',
  'reveal',
  'password',
  'secret',
  'rules',
  'jailbreak',
  'override',
  'bypass',
  'developer',
  'restrictions',
  'send',
  'above',
]);

// The triggers as they look encoded, and their first letters: most words are rejected without a slice.
const ENCODED_TRIGGERS = new Set([...ROT13_TRIGGERS].map((w) => rot13(w)));
const ENCODED_FIRST = new Set([...ENCODED_TRIGGERS].map((w) => w.charCodeAt(0)));

/** The ROT13 reading of `text` when it spells instruction words, else `undefined`. Offsets are unchanged. */
export function rot13Reading(text: string): string | undefined {
  const hits = new Set<string>();
  for (let i = 0; i < text.length; ) {
    if (!isAsciiLetter(text.charCodeAt(i))) {
      i++;
      continue;
    }
    let end = i;
    while (end < text.length && isAsciiLetter(text.charCodeAt(end))) end++;
    if (end - i >= 4 && end - i <= 12 && ENCODED_FIRST.has(text.charCodeAt(i) | 0x20)) {
      const word = text.slice(i, end).toLowerCase();
      if (ENCODED_TRIGGERS.has(word)) hits.add(word);
    }
    i = end;
  }
  return hits.size >= 2 ? rot13(text) : undefined;
}

function isAsciiLetter(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
}

function isBase64Code(c: number): boolean {
  return isAsciiLetter(c) || (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2f || c === 0x2d || c === 0x5f;
}

// Characters that may appear unescaped in a URL or form body.
function isUrlCode(c: number): boolean {
  return (
    isAsciiLetter(c) ||
    (c >= 0x30 && c <= 0x39) ||
    (c >= 0x23 && c <= 0x2f) || // # $ % & ' ( ) * + , - . /
    c === 0x21 ||
    c === 0x3a ||
    c === 0x3b ||
    c === 0x3d ||
    c === 0x3f ||
    c === 0x40 ||
    c === 0x5f ||
    c === 0x7e
  );
}

function isHexAt(text: string, i: number): boolean {
  if (i >= text.length) return false;
  const c = text.charCodeAt(i);
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

function isFiller(c: number): boolean {
  return c !== 0x5c && c !== 0x26 && c !== 0x20 && c !== 0x0a && c !== 0x09 && c !== 0x0d;
}

/** Length of a `\xHH`, `\uHHHH`, `&#xH…;` or `&#D…;` escape at `i`, or 0. */
function escapeLength(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === 0x5c) {
    const kind = text.charCodeAt(i + 1);
    const digits = kind === 0x78 ? 2 : kind === 0x75 ? 4 : 0;
    if (digits === 0) return 0;
    for (let k = 0; k < digits; k++) if (!isHexAt(text, i + 2 + k)) return 0;
    return 2 + digits;
  }
  if (c === 0x26 && text.charCodeAt(i + 1) === 0x23) {
    const hex = text.charCodeAt(i + 2) === 0x78 || text.charCodeAt(i + 2) === 0x58;
    let k = i + (hex ? 3 : 2);
    const from = k;
    while (k < text.length && k - from < 7 && (hex ? isHexAt(text, k) : isDigit(text.charCodeAt(k)))) k++;
    return k > from && text.charCodeAt(k) === 0x3b ? k + 1 - i : 0;
  }
  return 0;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}
