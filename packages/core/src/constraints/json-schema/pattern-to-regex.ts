import {
  ANY_CHAR,
  type CodePointSet,
  complement,
  DIGIT,
  DOT,
  SPACE,
  setOf,
  union,
  WORD,
} from './code-point-set.js';
import { alt, chars, EMPTY, type RegexNode, repeat, seq } from './regex-ast.js';

/**
 * The language of a JSON Schema `pattern` (ECMAScript syntax, `u` flag) as a value-level regex tree that matches
 * whole strings. Patterns are unanchored searches, so every top-level alternative not pinned by `^` / `$` gets "any
 * characters" on that side. `fail(why)` must throw; it is called for what a DFA cannot express (lookaround,
 * backreferences, `\b`, anchors inside the pattern) and for Unicode property escapes. The pattern must already be
 * a valid `u`-flag RegExp (the caller checks with `new RegExp`).
 */
export function patternToRegex(pattern: string, fail: (why: string) => never): RegexNode {
  return new PatternParser(pattern, fail).parse();
}

const ANY_STRING = repeat(chars(ANY_CHAR), 0, null);
const CONTROL_ESCAPES: Record<string, number> = { f: 0x0c, n: 0x0a, r: 0x0d, t: 0x09, v: 0x0b };
const CLASS_ESCAPES: Record<string, CodePointSet> = {
  d: DIGIT,
  D: complement(DIGIT),
  w: WORD,
  W: complement(WORD),
  s: SPACE,
  S: complement(SPACE),
};

class PatternParser {
  private readonly src: string[];
  private pos = 0;

  constructor(
    pattern: string,
    private readonly fail: (why: string) => never,
  ) {
    this.src = [...pattern];
  }

  parse(): RegexNode {
    const options: RegexNode[] = [];
    do {
      const start = this.eat('^');
      const body = this.alternative(true);
      const end = this.eat('$');
      if (this.peek() !== undefined && this.peek() !== '|') this.fail('"$" is only supported at the end');
      options.push(seq(start ? EMPTY : ANY_STRING, body, end ? EMPTY : ANY_STRING));
    } while (this.eat('|'));
    return alt(...options);
  }

  private peek(offset = 0): string | undefined {
    return this.src[this.pos + offset];
  }

  private eat(ch: string): boolean {
    if (this.src[this.pos] !== ch) return false;
    this.pos++;
    return true;
  }

  private disjunction(): RegexNode {
    const options = [this.alternative(false)];
    while (this.eat('|')) options.push(this.alternative(false));
    return alt(...options);
  }

  private alternative(topLevel: boolean): RegexNode {
    const terms: RegexNode[] = [];
    for (let ch = this.peek(); ch !== undefined && ch !== '|' && ch !== ')'; ch = this.peek()) {
      if (ch === '$' && topLevel && (this.peek(1) === undefined || this.peek(1) === '|')) break;
      if (ch === '^' || ch === '$') this.fail(`"${ch}" is only supported at the start / end`);
      terms.push(this.quantified(this.atom()));
    }
    return seq(...terms);
  }

  private quantified(atom: RegexNode): RegexNode {
    let node = atom;
    for (;;) {
      const ch = this.peek();
      let min: number;
      let max: number | null;
      if (ch === '*') [min, max] = [0, null];
      else if (ch === '+') [min, max] = [1, null];
      else if (ch === '?') [min, max] = [0, 1];
      else if (ch === '{') {
        const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.pos).join(''));
        if (!m) this.fail('a "{" that is not a quantifier');
        this.pos += m[0].length - 1;
        min = Number(m[1]);
        max = m[2] === undefined ? min : m[3] === '' ? null : Number(m[3]);
      } else return node;
      this.pos++;
      this.eat('?'); // laziness does not change the language
      node = repeat(node, min, max);
    }
  }

  private atom(): RegexNode {
    const ch = this.src[this.pos++];
    switch (ch) {
      case '.':
        return chars(DOT);
      case '[':
        return chars(this.characterClass());
      case '\\':
        return this.atomEscape();
      case '(': {
        if (this.eat('?')) {
          if (this.eat(':')) {
            // non-capturing group
          } else if (this.peek() === '<' && this.peek(1) !== '=' && this.peek(1) !== '!') {
            while (this.src[this.pos++] !== '>') {
              // skip the group name
            }
          } else this.fail('lookaround and group modifiers are not supported');
        }
        const inner = this.disjunction();
        if (!this.eat(')')) this.fail('unbalanced parenthesis');
        return inner;
      }
      case '*':
      case '+':
      case '?':
      case '{':
      case ')':
        return this.fail(`a misplaced "${ch}"`);
      default:
        return chars(setOf(ch));
    }
  }

  private atomEscape(): RegexNode {
    const ch = this.peek();
    if (ch === 'b' || ch === 'B') this.fail('word boundaries (\\b, \\B) are not supported');
    if (ch === 'k' || (ch !== undefined && ch >= '1' && ch <= '9'))
      this.fail('backreferences are not supported');
    return chars(union(this.escapeSet()));
  }

  /** The set an escape (after its backslash) stands for; shared by atoms and classes. */
  private escapeSet(): CodePointSet {
    const ch = this.src[this.pos++];
    if (ch === undefined) return this.fail('a trailing backslash');
    if (ch in CLASS_ESCAPES) return CLASS_ESCAPES[ch];
    if (ch in CONTROL_ESCAPES) return single(CONTROL_ESCAPES[ch]);
    if (ch === 'p' || ch === 'P') return this.fail('Unicode property escapes (\\p, \\P) are not supported');
    if (ch === '0') return single(0);
    if (ch === 'c') {
      const letter = this.src[this.pos++];
      return single(letter.codePointAt(0)! % 32);
    }
    if (ch === 'x') return single(this.hex(2));
    if (ch === 'u') {
      if (this.eat('{')) {
        const end = this.src.indexOf('}', this.pos);
        const cp = Number.parseInt(this.src.slice(this.pos, end).join(''), 16);
        this.pos = end + 1;
        return single(cp);
      }
      const cp = this.hex(4);
      if (
        cp >= 0xd800 &&
        cp <= 0xdbff &&
        this.peek() === '\\' &&
        this.peek(1) === 'u' &&
        this.peek(2) !== '{'
      ) {
        const save = this.pos;
        this.pos += 2;
        const low = this.hex(4);
        if (low >= 0xdc00 && low <= 0xdfff) return single(0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00));
        this.pos = save;
      }
      return single(cp);
    }
    // Identity escape: a syntax character, "/" or (in a class) "-".
    return single(ch.codePointAt(0)!);
  }

  private hex(digits: number): number {
    const text = this.src.slice(this.pos, this.pos + digits).join('');
    this.pos += digits;
    return Number.parseInt(text, 16);
  }

  /** After "[": the set of a class, up to and including "]". */
  private characterClass(): CodePointSet {
    const negated = this.eat('^');
    const parts: CodePointSet[] = [];
    while (!this.eat(']')) {
      const from = this.classAtom();
      if (this.peek() === '-' && this.peek(1) !== ']' && this.peek(1) !== undefined) {
        this.pos++;
        const to = this.classAtom();
        if (!isSingle(from) || !isSingle(to)) this.fail('a class range with a class escape');
        parts.push(setOf([from[0][0], to[0][0]]));
      } else parts.push(from);
    }
    const set = union(...parts);
    return negated ? complement(set) : set;
  }

  private classAtom(): CodePointSet {
    const ch = this.src[this.pos++];
    if (ch === undefined) return this.fail('an unterminated class');
    if (ch !== '\\') return setOf(ch);
    if (this.peek() === 'b') {
      this.pos++;
      return single(0x08);
    }
    if (this.peek() === '-') {
      this.pos++;
      return single(0x2d);
    }
    return this.escapeSet();
  }
}

// Built without normalizeSet so a lone surrogate survives long enough to be a range end; the caller's set
// operations drop it.
const single = (cp: number): CodePointSet => [[cp, cp]];
const isSingle = (set: CodePointSet): boolean => set.length === 1 && set[0][0] === set[0][1];
