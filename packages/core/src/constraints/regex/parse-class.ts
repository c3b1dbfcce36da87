import { ANY, type CodePointSet, complement, normalizeRanges } from './code-point-set.js';
import { type Escape, parseEscape } from './parse-escape.js';
import type { RegexCursor } from './regex-cursor.js';

const DASH = 0x2d;
const CLOSE = 0x5d;
const BACKSLASH = 0x5c;

/**
 * Parses a class `[…]` / `[^…]` (the `[` already consumed) with the `u` flag's rules: ranges `a-z`, class
 * escapes (`\d`, `\p{…}`) that may not be range ends, `\b` as backspace, and a literal `-` first or last.
 * `[]` matches nothing and `[^]` matches anything.
 */
export function parseClass(c: RegexCursor): CodePointSet {
  const negated = c.eat('^');
  const ranges: number[] = [];
  while (c.peek() !== CLOSE) {
    if (c.done) throw c.invalid('unterminated class "["');
    const first = parseClassAtom(c);
    if (c.peek() === DASH && c.peek(1) !== CLOSE && c.peek(1) !== -1) {
      c.pos++;
      const last = parseClassAtom(c);
      if (first.kind === 'set' || last.kind === 'set') {
        throw c.invalid('a class escape such as \\d cannot be the end of a range');
      }
      if (first.cp > last.cp) throw c.invalid('range out of order in class');
      ranges.push(first.cp, last.cp);
    } else if (first.kind === 'set') {
      ranges.push(...first.set);
    } else {
      ranges.push(first.cp, first.cp);
    }
  }
  c.pos++;
  const set = normalizeRanges(ranges);
  if (negated) return set.length === 0 ? ANY : complement(set);
  return set;
}

function parseClassAtom(c: RegexCursor): Escape {
  const cp = c.next();
  if (cp !== BACKSLASH) return { kind: 'char', cp };
  // `\-` is a dash in a class under the `u` flag (parseEscape's ASCII rule covers it too).
  return parseEscape(c, true);
}
