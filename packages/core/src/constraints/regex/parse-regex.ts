import { isDecimalDigit } from './code-point-cursor.js';
import { DOT, singleton } from './code-point-set.js';
import { parseClass } from './parse-class.js';
import { parseEscape } from './parse-escape.js';
import { EMPTY, type RegexNode } from './regex-ast.js';
import { RegexCursor } from './regex-cursor.js';

// Repeat counts above this are refused outright; the automaton-size limit usually stops far earlier.
const MAX_REPEAT = 100_000;

/**
 * Parses an ECMAScript regex (the JSON Schema `pattern` dialect) with the `u` flag's syntax, keeping only
 * what decides membership. Throws `INVALID_OPTIONS` for malformed patterns and `UNSUPPORTED_CONSTRAINT` for
 * valid features no finite automaton can enforce here (lookaround, backreferences, word boundaries).
 */
export function parseRegex(pattern: string): RegexNode {
  const c = new RegexCursor(pattern);
  const node = parseDisjunction(c);
  if (!c.done) throw c.peek() === 0x29 ? c.invalid('unmatched ")"') : c.invalid('unexpected character');
  return node;
}

function parseDisjunction(c: RegexCursor): RegexNode {
  const items = [parseAlternative(c)];
  while (c.eat('|')) items.push(parseAlternative(c));
  return items.length === 1 ? items[0] : { kind: 'alt', items };
}

function parseAlternative(c: RegexCursor): RegexNode {
  const items: RegexNode[] = [];
  while (!c.done && c.peek() !== 0x7c && c.peek() !== 0x29) {
    const atom = parseTerm(c);
    if (atom.kind !== 'empty') items.push(atom);
  }
  if (items.length === 0) return EMPTY;
  return items.length === 1 ? items[0] : { kind: 'concat', items };
}

function parseTerm(c: RegexCursor): RegexNode {
  const start = c.pos;
  const cp = c.next();
  let atom: RegexNode;
  switch (cp) {
    case 0x5e: // ^
    case 0x24: // $
      if (isQuantifierStart(c)) throw c.invalid('nothing to repeat (an anchor cannot be quantified)');
      return { kind: 'assert', at: cp === 0x5e ? 'start' : 'end' };
    case 0x2e: // .
      atom = { kind: 'set', set: DOT };
      break;
    case 0x5b: // [
      atom = { kind: 'set', set: c.intern(parseClass(c)) };
      break;
    case 0x28: // (
      atom = parseGroup(c);
      break;
    case 0x5c: {
      // \b and backreferences throw inside parseEscape; everything else is a code point or a class.
      const escaped = parseEscape(c, false);
      atom = { kind: 'set', set: c.intern(escaped.kind === 'char' ? singleton(escaped.cp) : escaped.set) };
      break;
    }
    case 0x2a: // *
    case 0x2b: // +
    case 0x3f: // ?
      c.pos = start;
      throw c.invalid('nothing to repeat');
    case 0x7b: // {
      c.pos = start;
      throw c.invalid(isQuantifierStart(c) ? 'nothing to repeat' : 'a literal "{" must be escaped (\\{)');
    case 0x7d: // }
    case 0x5d: // ]
      c.pos = start;
      throw c.invalid(`a literal "${String.fromCodePoint(cp)}" must be escaped`);
    default:
      atom = { kind: 'set', set: c.intern(singleton(cp)) };
  }
  return parseQuantifiers(c, atom);
}

function parseGroup(c: RegexCursor): RegexNode {
  if (c.eat('?')) {
    if (c.lookingAt('=') || c.lookingAt('!'))
      throw c.unsupported(`lookahead (?${c.lookingAt('=') ? '=' : '!'}…)`);
    if (c.lookingAt('<=') || c.lookingAt('<!'))
      throw c.unsupported(`lookbehind (?${c.lookingAt('<=') ? '<=' : '<!'}…)`);
    if (c.eat('<')) {
      // A named group is a plain group: names only matter to captures and \k backreferences.
      let length = 0;
      while (!c.done && c.peek() !== 0x3e) {
        const cp = c.next();
        if (!isGroupNameChar(cp, length === 0)) throw c.invalid('invalid group name');
        length++;
      }
      if (length === 0 || !c.eat('>')) throw c.invalid('malformed group name (?<name>…)');
    } else if (!c.eat(':')) {
      // ES2025 modifiers `(?i:…)` / `(?-s:…)` change matching; other `(?x` forms are not ECMAScript at all.
      let end = 0;
      while (c.peek(end) === 0x2d || 'ims'.includes(String.fromCodePoint(Math.max(c.peek(end), 0)))) end++;
      if (end > 0 && c.peek(end) === 0x3a) throw c.unsupported('inline modifiers (?flags:…)');
      throw c.invalid('unknown group syntax "(?"');
    }
  }
  const inner = parseDisjunction(c);
  if (!c.eat(')')) throw c.invalid('missing ")"');
  return inner;
}

function isGroupNameChar(cp: number, first: boolean): boolean {
  const ch = String.fromCodePoint(cp);
  return first ? /[\p{ID_Start}$_]/u.test(ch) : /[\p{ID_Continue}$\u200c\u200d]/u.test(ch);
}

function isQuantifierStart(c: RegexCursor): boolean {
  const cp = c.peek();
  if (cp === 0x2a || cp === 0x2b || cp === 0x3f) return true;
  return cp === 0x7b && readBraces(c, false) !== undefined;
}

// `{m}`, `{m,}`, `{m,n}` at the cursor; advances past it only when `consume`.
function readBraces(c: RegexCursor, consume: boolean): { min: number; max: number } | undefined {
  const save = c.pos;
  c.pos++;
  const min = readInt(c);
  let max = min;
  if (min !== undefined && c.eat(',')) max = c.peek() === 0x7d ? Number.POSITIVE_INFINITY : readInt(c);
  const ok = min !== undefined && max !== undefined && c.eat('}');
  if (!consume || !ok) c.pos = save;
  return ok ? { min: min!, max: max! } : undefined;
}

function readInt(c: RegexCursor): number | undefined {
  let text = '';
  while (isDecimalDigit(c.peek())) text += String.fromCodePoint(c.next());
  return text === '' ? undefined : Number(text);
}

function parseQuantifiers(c: RegexCursor, atom: RegexNode): RegexNode {
  let node = atom;
  let quantified = false;
  for (;;) {
    const cp = c.peek();
    let min: number;
    let max: number;
    if (cp === 0x2a || cp === 0x2b || cp === 0x3f) {
      c.pos++;
      [min, max] = cp === 0x2a ? [0, Infinity] : cp === 0x2b ? [1, Infinity] : [0, 1];
    } else if (cp === 0x7b) {
      const braces = readBraces(c, true);
      if (braces === undefined) throw c.invalid('a literal "{" must be escaped (\\{)');
      ({ min, max } = braces);
      if (min > max) throw c.invalid('numbers out of order in {m,n} quantifier');
      if (min > MAX_REPEAT || (max !== Infinity && max > MAX_REPEAT)) {
        throw c.unsupported(`a repeat count above ${MAX_REPEAT}`);
      }
    } else {
      return node;
    }
    if (quantified) throw c.invalid('nothing to repeat (a quantifier cannot follow a quantifier)');
    quantified = true;
    // Lazy quantifiers match the same strings as greedy ones; only the match chosen differs.
    c.eat('?');
    node = { kind: 'repeat', item: node, min, max };
  }
}
