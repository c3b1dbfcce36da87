import { findPayloads, type PayloadEncoding, rot13Reading } from './find-payloads.js';
import { foldCharacters } from './fold-characters.js';
import { foldWords } from './fold-words.js';
import { type MappedText, MappedTextBuilder, mapAllTo } from './mapped-text.js';

/** Which reading of the text a view is. */
export type NormalizedViewKind = 'text' | 'leet-l' | 'rot13' | PayloadEncoding;

/** One reading of the text, mapped back to the original's offsets. */
export interface NormalizedView extends MappedText {
  readonly kind: NormalizedViewKind;
}

/**
 * A text prepared for matching: the folded text, and further readings when the text has them (leetspeak `1` as
 * `l`, ROT13, decoded payloads). Every view maps back to `original`; a decoded payload's units all map to its
 * encoded run.
 */
export interface NormalizedText {
  readonly original: string;
  readonly views: readonly NormalizedView[];
}

export interface NormalizeOptions {
  /** Decode embedded payloads (base64, hex, percent, escapes, ROT13). Default true. */
  readonly decodePayloads?: boolean;
  /** How deep payloads inside payloads are decoded. Default 2 (base64 inside base64). */
  readonly maxDepth?: number;
}

/**
 * Normalises `text` so that obfuscated instructions read as plain lower-case words: NFKC, case folding,
 * invisible/bidi characters removed, homoglyphs folded, letter-spacing joined, leetspeak read, payloads decoded.
 * Never throws on lone surrogates, and runs in time linear in the text.
 */
export function normalizeText(text: string, options: NormalizeOptions = {}): NormalizedText {
  const views: NormalizedView[] = [];
  const decode = options.decodePayloads ?? true;
  const maxDepth = options.maxDepth ?? 2;

  const collect = (
    source: string,
    depth: number,
    kind: NormalizedViewKind,
    run?: { start: number; end: number },
  ) => {
    const add = (mapped: MappedText, viewKind: NormalizedViewKind) =>
      views.push({ ...(run ? mapAllTo(mapped, run.start, run.end) : mapped), kind: viewKind });
    for (const view of readings(source)) add(view.mapped, view.leetL ? 'leet-l' : kind);
    if (!decode || depth >= maxDepth) return;
    const rotated = rot13Reading(source);
    // ROT13 changes letters one for one, so its reading keeps exact offsets.
    if (rotated !== undefined) for (const view of readings(rotated)) add(view.mapped, 'rot13');
    for (const payload of findPayloads(source)) {
      collect(
        payload.decoded,
        depth + 1,
        payload.encoding,
        run ?? { start: payload.start, end: payload.end },
      );
    }
  };
  collect(text, 0, 'text');
  return { original: text, views };
}

/** The main folded reading of `text` alone (no payloads, `1` read as `i`): for callers that want one string. */
export function foldText(text: string): MappedText {
  return readings(text)[0].mapped;
}

function readings(text: string): { mapped: MappedText; leetL: boolean }[] {
  const chars = foldCharacters(text);
  const latinDominant = chars.latinLetters > chars.otherLetters;
  const first = foldWords(chars.mapped, { one: 'i', latinDominant });
  const out = [{ mapped: first.mapped, leetL: false }];
  if (first.readOne) {
    const second = sentencesThatDiffer(
      first.mapped,
      foldWords(chars.mapped, { one: 'l', latinDominant }).mapped,
    );
    if (second !== undefined) out.push({ mapped: second, leetL: true });
  }
  return out;
}

/** How far a sentence is looked for around a difference; rules do not match across sentences anyway. */
const SENTENCE_REACH = 400;

/**
 * The sentences of `other` that read differently from `base` (the two views differ only where a `1` was read as
 * `l` instead of `i`, unit for unit), or `undefined` when none do. Rules then run twice only where it can matter.
 */
function sentencesThatDiffer(base: MappedText, other: MappedText): MappedText | undefined {
  const a = base.text;
  const b = other.text;
  const out = new MappedTextBuilder(64);
  let coveredTo = 0;
  for (let i = 0; i < b.length; i++) {
    if (i < coveredTo || a.charCodeAt(i) === b.charCodeAt(i)) continue;
    let from = i;
    while (from > coveredTo && i - from < SENTENCE_REACH && !isSentenceEnd(b.charCodeAt(from - 1))) from--;
    let to = i + 1;
    while (to < b.length && to - i < SENTENCE_REACH && !isSentenceEnd(b.charCodeAt(to))) to++;
    if (out.length > 0 && from > coveredTo) out.push(0x0a, other.starts[from], other.starts[from]);
    for (let k = Math.max(from, coveredTo); k < to; k++)
      out.push(b.charCodeAt(k), other.starts[k], other.ends[k]);
    coveredTo = to;
  }
  return out.length === 0 ? undefined : out.build();
}

function isSentenceEnd(code: number): boolean {
  return code === 0x2e || code === 0x21 || code === 0x3f || code === 0x0a;
}
