import { isDecimalDigit } from './code-point-cursor.js';
import { type CodePointSet, complement, DIGIT, SPACE, WORD } from './code-point-set.js';
import { hexValue, isAsciiLetter, type RegexCursor } from './regex-cursor.js';
import { unicodePropertySet } from './unicode-property.js';

/** What a backslash escape stands for: one code point (usable as a range end) or a whole class. */
export type Escape =
  | { readonly kind: 'char'; readonly cp: number }
  | { readonly kind: 'set'; readonly set: CodePointSet };

const char = (cp: number): Escape => ({ kind: 'char', cp });
const set = (s: CodePointSet): Escape => ({ kind: 'set', set: s });

const CONTROL_ESCAPES: Record<string, number> = { f: 0x0c, n: 0x0a, r: 0x0d, t: 0x09, v: 0x0b };
const CLASS_ESCAPES: Record<string, CodePointSet> = { d: DIGIT, w: WORD, s: SPACE };

/**
 * Parses the escape after a `\` (already consumed), with the `u` flag's rules, except that any escaped ASCII
 * punctuation is accepted as itself (`\-`, `\"`, `\ `), as schema authors write it and without the `u` flag
 * engines accept it; its meaning is never in doubt. Escaped letters and digits with no meaning are errors.
 */
export function parseEscape(c: RegexCursor, inClass: boolean): Escape {
  if (c.done) throw c.invalid('"\\" at the end of the pattern');
  const cp = c.next();
  const name = String.fromCodePoint(cp);
  if (name in CLASS_ESCAPES) return set(CLASS_ESCAPES[name]);
  const upper = name.toLowerCase();
  if (name !== upper && upper in CLASS_ESCAPES) return set(complement(CLASS_ESCAPES[upper]));
  if (name in CONTROL_ESCAPES) return char(CONTROL_ESCAPES[name]);
  switch (name) {
    case 'p':
    case 'P':
      return set(parsePropertyEscape(c, name === 'P'));
    case 'b':
      if (inClass) return char(0x08);
      throw c.unsupported('word boundary \\b');
    case 'B':
      if (inClass) throw c.invalid('\\B is not allowed in a class');
      throw c.unsupported('non-word-boundary \\B');
    case 'c': {
      const letter = c.peek();
      if (!isAsciiLetter(letter)) throw c.invalid('\\c must be followed by a letter A-Z');
      c.pos++;
      return char(letter % 32);
    }
    case '0':
      if (isDecimalDigit(c.peek())) throw c.invalid('octal escapes are not allowed');
      return char(0);
    case 'k':
      if (!inClass && c.peek() === 0x3c) throw c.unsupported('named backreference \\k<…>');
      throw c.invalid('\\k must name a group (\\k<name>)');
    case 'x':
      return char(readHex(c, 2));
    case 'u':
      return char(parseUnicodeEscape(c));
  }
  if (isDecimalDigit(cp)) {
    if (inClass) throw c.invalid(`\\${name} is not allowed in a class`);
    throw c.unsupported(`backreference \\${name}`);
  }
  if (cp < 0x80 && !isAsciiLetter(cp)) return char(cp);
  throw c.invalid(`unknown escape \\${name}`);
}

function readHex(c: RegexCursor, digits: number): number {
  let value = 0;
  for (let i = 0; i < digits; i++) {
    const digit = hexValue(c.peek());
    if (digit < 0) throw c.invalid(`expected ${digits} hex digits`);
    c.pos++;
    value = value * 16 + digit;
  }
  return value;
}

// \uHHHH, \u{H…}, and a \uHHHH\uHHHH surrogate pair, which the `u` flag reads as one astral code point.
function parseUnicodeEscape(c: RegexCursor): number {
  if (c.eat('{')) {
    let value = 0;
    let count = 0;
    while (hexValue(c.peek()) >= 0) {
      value = value * 16 + hexValue(c.next());
      count++;
      if (value > 0x10ffff) throw c.invalid('\\u{…} is above U+10FFFF');
    }
    if (count === 0 || !c.eat('}')) throw c.invalid('malformed \\u{…} escape');
    return value;
  }
  const value = readHex(c, 4);
  if (value >= 0xd800 && value <= 0xdbff && c.lookingAt('\\u')) {
    const save = c.pos;
    c.pos += 2;
    const low = hexValue(c.peek()) >= 0 ? tryReadHex4(c) : -1;
    if (low >= 0xdc00 && low <= 0xdfff) return 0x10000 + ((value - 0xd800) << 10) + (low - 0xdc00);
    c.pos = save;
  }
  return value;
}

function tryReadHex4(c: RegexCursor): number {
  let value = 0;
  for (let i = 0; i < 4; i++) {
    const digit = hexValue(c.peek(i));
    if (digit < 0) return -1;
    value = value * 16 + digit;
  }
  c.pos += 4;
  return value;
}

function parsePropertyEscape(c: RegexCursor, negated: boolean): CodePointSet {
  if (!c.eat('{')) throw c.invalid('\\p must be followed by {Property}');
  let name = '';
  while (!c.done && c.peek() !== 0x7d) name += String.fromCodePoint(c.next());
  if (!c.eat('}')) throw c.invalid('unterminated \\p{…}');
  const found = unicodePropertySet(name);
  if (found === undefined) throw c.invalid(`unknown Unicode property \\p{${name}}`);
  return negated ? complement(found) : found;
}
