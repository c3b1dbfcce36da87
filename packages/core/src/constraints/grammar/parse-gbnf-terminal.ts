import {
  ANY,
  type CodePointSet,
  complement,
  MAX_CODE_POINT,
  normalizeRanges,
} from '../regex/code-point-set.js';
import type { GbnfCursor } from './gbnf-cursor.js';
import type { GrammarItem } from './grammar-ast.js';

const SIMPLE_ESCAPES: Record<string, number> = {
  n: 0x0a,
  r: 0x0d,
  t: 0x09,
  '\\': 0x5c,
  '"': 0x22,
  '[': 0x5b,
  ']': 0x5d,
  '-': 0x2d,
};
const HEX_ESCAPES: Record<string, number> = { x: 2, u: 4, U: 8 };

/** `"…"` (the cursor is on the opening quote): its code points, escapes decoded. */
export function parseLiteral(c: GbnfCursor): GrammarItem {
  const at = c.positionOf();
  c.pos++;
  const codePoints: number[] = [];
  while (!c.eat('"')) {
    if (c.done) throw c.invalid('this string literal is never closed (missing ")', at);
    const charAt = c.positionOf();
    const cp = parseChar(c);
    if (cp >= 0xd800 && cp <= 0xdfff) {
      throw c.invalid(`U+${hex(cp)} is a surrogate, which has no UTF-8 encoding`, charAt);
    }
    codePoints.push(cp);
  }
  return { type: 'literal', codePoints, at };
}

/** `[…]` or `[^…]` (the cursor is on the `[`): the set of code points it matches. */
export function parseCharClass(c: GbnfCursor): GrammarItem {
  const at = c.positionOf();
  c.pos++;
  const negated = c.eat('^');
  const ranges: number[] = [];
  while (!c.eat(']')) {
    if (c.done) throw c.invalid('this character class is never closed (missing ])', at);
    const loAt = c.positionOf();
    const lo = parseChar(c);
    let hi = lo;
    // As in llama.cpp, a `-` right before `]` is a literal dash, not a range.
    if (c.peek() === 0x2d && c.peek(1) !== 0x5d && c.peek(1) !== -1) {
      c.pos++;
      hi = parseChar(c);
      if (hi < lo) throw c.invalid(`the range U+${hex(lo)}-U+${hex(hi)} is reversed`, loAt);
    }
    ranges.push(lo, hi);
  }
  if (ranges.length === 0) throw c.invalid(`an empty character class ${negated ? '[^]' : '[]'}`, at);
  const set = normalizeRanges(ranges);
  return { type: 'class', set: negated ? complement(set) : set, at };
}

/** `.`: any character. */
export function anyChar(at: GrammarItem['at']): GrammarItem {
  return { type: 'class', set: ANY as CodePointSet, at };
}

/** One character of a literal or class: itself, or an escape (the set llama.cpp's parser knows). */
function parseChar(c: GbnfCursor): number {
  const at = c.positionOf();
  const cp = c.next();
  if (cp !== 0x5c) return cp;
  if (c.done) throw c.invalid('"\\" at the end of the grammar', at);
  const name = String.fromCodePoint(c.next());
  if (name in SIMPLE_ESCAPES) return SIMPLE_ESCAPES[name];
  const digits = HEX_ESCAPES[name];
  if (digits === undefined) {
    throw c.invalid(
      `unknown escape \\${name} (GBNF has \\n \\r \\t \\\\ \\" \\[ \\] \\- \\xHH \\uHHHH \\UHHHHHHHH)`,
      at,
    );
  }
  let value = 0;
  for (let i = 0; i < digits; i++) {
    const d = hexDigit(c.peek());
    if (d < 0) throw c.invalid(`\\${name} needs exactly ${digits} hex digits`, at);
    value = value * 16 + d;
    c.pos++;
  }
  if (value > MAX_CODE_POINT) throw c.invalid(`\\${name}${hex(value)} is beyond U+10FFFF`, at);
  return value;
}

function hexDigit(cp: number): number {
  if (cp >= 0x30 && cp <= 0x39) return cp - 0x30;
  if (cp >= 0x41 && cp <= 0x46) return cp - 0x41 + 10;
  if (cp >= 0x61 && cp <= 0x66) return cp - 0x61 + 10;
  return -1;
}

function hex(cp: number): string {
  return cp.toString(16).toUpperCase().padStart(4, '0');
}
