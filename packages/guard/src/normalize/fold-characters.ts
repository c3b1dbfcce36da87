import { type MappedText, MappedTextBuilder } from './mapped-text.js';

/** The text with every character folded on its own, and how many letters are Latin (for homoglyph decisions). */
export interface FoldedCharacters {
  readonly mapped: MappedText;
  readonly latinLetters: number;
  readonly otherLetters: number;
}

/**
 * Folds each code point on its own: compatibility forms (NFKC: fullwidth, mathematical alphanumerics, ligatures,
 * circled letters), lower case, Latin diacritics and stray combining marks (Zalgo) removed, invisible and bidi
 * characters dropped, Unicode tag characters (which smuggle ASCII) decoded, whitespace to plain spaces (not yet
 * collapsed: letter-spacing needs the gap widths). Lone surrogates become U+FFFD, one unit for one unit.
 * Linear: every code point is looked at once and its folding is memoised.
 */
export function foldCharacters(text: string): FoldedCharacters {
  const out = new MappedTextBuilder(text.length + 8);
  let latinLetters = 0;
  let otherLetters = 0;
  for (let i = 0; i < text.length; ) {
    const code = text.charCodeAt(i);
    if (code < 0x80) {
      const folded = ASCII_FOLD[code];
      if (folded >= 0) {
        out.push(folded, i, i + 1);
        if (folded >= 0x61 && folded <= 0x7a) latinLetters++;
      }
      i++;
      continue;
    }
    let codePoint = code;
    let width = 1;
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        codePoint = (code - 0xd800) * 0x400 + (next - 0xdc00) + 0x10000;
        width = 2;
      }
    }
    // A surrogate that is not half of a pair is replaced for matching; it still covers its own unit.
    const folded = codePoint >= 0xd800 && codePoint <= 0xdfff ? '\ufffd' : foldCodePoint(codePoint);
    out.pushString(folded, i, i + width);
    for (let k = 0; k < folded.length; k++) {
      const c = folded.charCodeAt(k);
      if (c >= 0x61 && c <= 0x7a) latinLetters++;
      else if (c >= 0x80 && isLetterCode(c)) otherLetters++;
    }
    i += width;
  }
  return { mapped: out.build(), latinLetters, otherLetters };
}

// -1 drops the character; otherwise the folded code.
const ASCII_FOLD = (() => {
  const table = new Int16Array(128);
  for (let c = 0; c < 128; c++) {
    if (c >= 0x41 && c <= 0x5a) table[c] = c + 32;
    else if (c === 0x09 || c === 0x0a || c === 0x0b || c === 0x0c || c === 0x0d) table[c] = 0x20;
    else if (c < 0x20 || c === 0x7f) table[c] = -1;
    else table[c] = c;
  }
  return table;
})();

const memo = new Map<number, string>();

/** One code point folded for matching (memoised; the memo is bounded so adversarial inputs cannot grow it). */
export function foldCodePoint(codePoint: number): string {
  let folded = memo.get(codePoint);
  if (folded === undefined) {
    folded = computeFold(codePoint);
    if (memo.size > 20_000) memo.clear();
    memo.set(codePoint, folded);
  }
  return folded;
}

const FORMAT_OR_CONTROL = /[\p{Cf}\p{Cc}]/u;
const WHITESPACE = /\s/u;
const LATIN_MARKS = /[\u0300-\u036f]/g;
const PUNCTUATION: Record<string, string> = {
  '\u2018': "'",
  '\u2019': "'",
  '\u201a': "'",
  '\u201b': "'",
  '\u2032': "'",
  '\u02bc': "'",
  '\u201c': '"',
  '\u201d': '"',
  '\u201e': '"',
  '\u201f': '"',
  '\u2033': '"',
  '\u00ab': '"',
  '\u00bb': '"',
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2013': '-',
  '\u2014': '-',
  '\u2015': '-',
  '\u2212': '-',
  ß: 'ss',
  ς: 'σ',
  ı: 'i',
};

function computeFold(codePoint: number): string {
  // Tag characters (U+E0020–E007E) are invisible copies of ASCII, used to hide instructions in plain sight.
  if (codePoint >= 0xe0020 && codePoint <= 0xe007e)
    return String.fromCharCode(codePoint - 0xe0000).toLowerCase();
  // Regional indicators and negative squared/circled letters have no compatibility decomposition.
  if (codePoint >= 0x1f1e6 && codePoint <= 0x1f1ff) return String.fromCharCode(0x61 + codePoint - 0x1f1e6);
  if (codePoint >= 0x1f170 && codePoint <= 0x1f189) return String.fromCharCode(0x61 + codePoint - 0x1f170);
  if (codePoint >= 0x1f150 && codePoint <= 0x1f169) return String.fromCharCode(0x61 + codePoint - 0x1f150);
  if (isDroppedMark(codePoint)) return '';
  const char = String.fromCodePoint(codePoint);
  if (WHITESPACE.test(char) || codePoint === 0x2800) return ' ';
  if (FORMAT_OR_CONTROL.test(char) || isInvisibleFiller(codePoint)) return '';
  const punctuation = PUNCTUATION[char];
  if (punctuation !== undefined) return punctuation;
  let folded = char.normalize('NFKD');
  // Cyrillic keeps its diacritics: й and ё are letters of their own there, and rules are written with them.
  const cyrillic = codePoint >= 0x400 && codePoint <= 0x52f;
  if (!cyrillic) folded = folded.replace(LATIN_MARKS, '');
  folded = folded.normalize('NFC').toLowerCase();
  if (!cyrillic) folded = folded.replace(LATIN_MARKS, '');
  let result = '';
  for (const part of folded) result += PUNCTUATION[part] ?? (WHITESPACE.test(part) ? ' ' : part);
  return result;
}

/** Combining marks that carry no meaning for matching on their own (diacritic soup, Zalgo text, selectors). */
function isDroppedMark(cp: number): boolean {
  return (
    (cp >= 0x0300 && cp <= 0x036f) ||
    (cp >= 0x0483 && cp <= 0x0489) ||
    (cp >= 0x1ab0 && cp <= 0x1aff) ||
    (cp >= 0x1dc0 && cp <= 0x1dff) ||
    (cp >= 0x20d0 && cp <= 0x20ff) ||
    (cp >= 0xfe00 && cp <= 0xfe0f) ||
    (cp >= 0xfe20 && cp <= 0xfe2f) ||
    (cp >= 0xe0100 && cp <= 0xe01ef)
  );
}

/** Letters that render as nothing (Hangul fillers, Khmer inherent vowels) and are used as invisible padding. */
function isInvisibleFiller(cp: number): boolean {
  return (
    cp === 0x115f ||
    cp === 0x1160 ||
    cp === 0x17b4 ||
    cp === 0x17b5 ||
    cp === 0x3164 ||
    cp === 0xffa0 ||
    (cp >= 0x1bca0 && cp <= 0x1bca3)
  );
}

const LETTER = /\p{L}/u;
const letterMemo = new Map<number, boolean>();

/** Whether a (non-ASCII) code unit is a letter; surrogate halves count, so astral letters stay inside words. */
export function isLetterCode(code: number): boolean {
  if (code < 0x80) return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a);
  if (code >= 0xd800 && code <= 0xdfff) return true;
  let letter = letterMemo.get(code);
  if (letter === undefined) {
    letter = LETTER.test(String.fromCharCode(code));
    letterMemo.set(code, letter);
  }
  return letter;
}
