import { isDecimalDigit } from '../regex/code-point-cursor.js';
import { GbnfCursor, grammarError, isWordChar } from './gbnf-cursor.js';
import type { Alternatives, GrammarAst, GrammarItem, GrammarRule, SourcePosition } from './grammar-ast.js';
import { anyChar, parseCharClass, parseLiteral } from './parse-gbnf-terminal.js';

/** Larger repeat counts are refused outright (the compiled grammar copies the item up to n times). */
const MAX_REPEAT_COUNT = 100_000;
/** Deeper nesting is refused (every later stage recurses over it): groups, and operators on one item. */
const MAX_GROUP_DEPTH = 100;
const MAX_REPEAT_CHAIN = 8;

/**
 * Parses llama.cpp's GBNF: `name ::= alternatives` rules; `|`, `( )`, `* + ? {m} {m,} {m,n}`; string
 * literals, character classes `[…]` `[^…]`, `.`; rule references; `#` comments. As in llama.cpp, a rule ends
 * at the end of its line unless the line ends inside `( )` or right after `|`. Checks syntax only; names are
 * resolved by `checkReferences`.
 *
 * @throws PocketLMError `INVALID_OPTIONS` naming the line and column of a syntax error or a rule defined twice;
 *   `UNSUPPORTED_CONSTRAINT` for token references (`<[id]>`, `<token>`, `!<…>`).
 */
export function parseGbnf(source: string): GrammarAst {
  const c = new GbnfCursor(source);
  const rules: GrammarRule[] = [];
  const byName = new Map<string, GrammarRule>();
  skipSpace(c, true);
  while (!c.done) {
    const rule = parseRule(c);
    const earlier = byName.get(rule.name);
    if (earlier !== undefined) {
      throw grammarError(
        `rule "${rule.name}" is defined twice (first at line ${earlier.at.line}, column ${earlier.at.column})`,
        rule.at,
      );
    }
    byName.set(rule.name, rule);
    rules.push(rule);
  }
  return { rules };
}

function parseRule(c: GbnfCursor): GrammarRule {
  const at = c.positionOf();
  if (!isWordChar(c.peek())) {
    const hint =
      c.peek() === 0x7c
        ? ' (to continue a rule on the next line, end the line with "|" or wrap the rule in "( )")'
        : '';
    throw c.invalid(`expected a rule name, found ${describe(c)}${hint}`);
  }
  const name = parseName(c);
  skipSpace(c, false);
  if (!c.lookingAt('::='))
    throw c.invalid(`expected "::=" after the rule name "${name}", found ${describe(c)}`);
  c.pos += 3;
  skipSpace(c, true);
  const alternatives = parseAlternatives(c, false, 0);
  if (c.eat('\r')) c.eat('\n');
  else if (!c.eat('\n') && !c.done) throw c.invalid(`unexpected ${describe(c)} in rule "${name}"`);
  skipSpace(c, true);
  return { name, alternatives, at };
}

function parseAlternatives(c: GbnfCursor, nested: boolean, depth: number): Alternatives {
  const sequences = [parseSequence(c, nested, depth)];
  while (c.eat('|')) {
    skipSpace(c, true);
    sequences.push(parseSequence(c, nested, depth));
  }
  return sequences;
}

function parseSequence(c: GbnfCursor, nested: boolean, depth: number): GrammarItem[] {
  const items: GrammarItem[] = [];
  for (;;) {
    const cp = c.peek();
    const at = c.positionOf();
    if (cp === 0x22) items.push(parseLiteral(c));
    else if (cp === 0x5b) items.push(parseCharClass(c));
    else if (isWordChar(cp)) items.push({ type: 'ref', name: parseName(c), at });
    else if (cp === 0x28) items.push(parseGroup(c, at, depth));
    else if (cp === 0x2e) {
      c.pos++;
      items.push(anyChar(at));
    } else if (cp === 0x2a || cp === 0x2b || cp === 0x3f || cp === 0x7b) {
      const last = items.pop();
      if (last === undefined)
        throw c.invalid(`"${String.fromCodePoint(cp)}" has nothing before it to repeat`);
      items.push(parseRepeat(c, last, nested));
    } else if (cp === 0x3c || cp === 0x21) {
      throw c.unsupported('a token reference (<[id]>, <token> or !<…>)');
    } else {
      return items;
    }
    skipSpace(c, nested);
  }
}

function parseGroup(c: GbnfCursor, at: SourcePosition, depth: number): GrammarItem {
  if (depth >= MAX_GROUP_DEPTH) throw c.unsupported(`nesting groups more than ${MAX_GROUP_DEPTH} deep`);
  c.pos++;
  skipSpace(c, true);
  const alternatives = parseAlternatives(c, true, depth + 1);
  if (!c.eat(')')) {
    throw c.invalid(
      `expected ")" to close the "(" at line ${at.line}, column ${at.column}, found ${describe(c)}`,
    );
  }
  return { type: 'group', alternatives, at };
}

/** `*`, `+`, `?` or `{m}`, `{m,}`, `{m,n}` (the cursor is on it) applied to `item`. */
function parseRepeat(c: GbnfCursor, item: GrammarItem, nested: boolean): GrammarItem {
  const at = c.positionOf();
  let chain = 1;
  for (let inner = item; inner.type === 'repeat'; inner = inner.item) chain++;
  if (chain > MAX_REPEAT_CHAIN)
    throw c.unsupported(`more than ${MAX_REPEAT_CHAIN} repetition operators on one item`);
  const op = c.next();
  if (op === 0x2a) return { type: 'repeat', item, min: 0, max: Number.POSITIVE_INFINITY, at };
  if (op === 0x2b) return { type: 'repeat', item, min: 1, max: Number.POSITIVE_INFINITY, at };
  if (op === 0x3f) return { type: 'repeat', item, min: 0, max: 1, at };
  skipSpace(c, nested);
  const min = parseCount(c);
  let max = min;
  skipSpace(c, nested);
  if (c.eat(',')) {
    skipSpace(c, nested);
    max = isDecimalDigit(c.peek()) ? parseCount(c) : Number.POSITIVE_INFINITY;
    skipSpace(c, nested);
  }
  if (!c.eat('}')) throw c.invalid(`expected "," or "}" in the repetition, found ${describe(c)}`);
  if (max < min) throw c.invalid(`the repetition {${min},${max}} has its maximum below its minimum`, at);
  return { type: 'repeat', item, min, max, at };
}

function parseCount(c: GbnfCursor): number {
  if (!isDecimalDigit(c.peek())) throw c.invalid(`expected a number in the repetition, found ${describe(c)}`);
  const at = c.positionOf();
  let value = 0;
  while (isDecimalDigit(c.peek())) value = value * 10 + (c.next() - 0x30);
  if (value > MAX_REPEAT_COUNT) {
    throw c.unsupported(`a repetition count above ${MAX_REPEAT_COUNT} (${value})`, at);
  }
  return value;
}

function parseName(c: GbnfCursor): string {
  const start = c.pos;
  while (isWordChar(c.peek())) c.pos++;
  return String.fromCodePoint(...c.codePoints.slice(start, c.pos));
}

/** Skips spaces, tabs and `#` comments, and line breaks too where a rule may continue (`newlineOk`). */
function skipSpace(c: GbnfCursor, newlineOk: boolean): void {
  for (;;) {
    const cp = c.peek();
    if (cp === 0x20 || cp === 0x09 || (newlineOk && (cp === 0x0a || cp === 0x0d))) c.pos++;
    else if (cp === 0x23) while (!c.done && c.peek() !== 0x0a && c.peek() !== 0x0d) c.pos++;
    else return;
  }
}

function describe(c: GbnfCursor): string {
  if (c.done) return 'the end of the grammar';
  const cp = c.peek();
  if (cp === 0x0a || cp === 0x0d) return 'the end of the line';
  return JSON.stringify(String.fromCodePoint(cp));
}
