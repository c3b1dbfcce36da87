import { describe, expect, it } from 'vitest';
import { mulberry32, randomInt } from '../../testkit/src/tokenizer/mulberry32.js';
import { compileGrammar, GrammarAutomaton } from '../src/constraints/grammar/index.js';
import { parseGbnf } from '../src/constraints/grammar/parse-gbnf.js';
import { DEAD } from '../src/constraints/regex/byte-automaton.js';
import { EarleyReference } from './constraints-grammar-reference.js';
import { ARITHMETIC_GBNF, accepts, isArithmetic, JSON_GBNF, run } from './constraints-grammar-samples.js';

const automaton = (source: string) => new GrammarAutomaton(compileGrammar(source));

function randomString(random: () => number, alphabet: readonly string[], maxLength: number): string {
  let out = '';
  const n = randomInt(random, maxLength + 1);
  for (let i = 0; i < n; i++) out += alphabet[randomInt(random, alphabet.length)];
  return out;
}

describe('grammar membership', () => {
  it('matches hand-picked strings', () => {
    const cases: [string, string[], string[]][] = [
      ['root ::= "a" | "bc"', ['a', 'bc'], ['', 'b', 'abc', 'bca']],
      ['root ::= ""', [''], ['a']],
      ['root ::= "ab"{2} [c-e]{1,3} "x"?', ['ababc', 'ababcdex', 'ababe'], ['abc', 'ababcdeex', 'abab']],
      ['root ::= x{3,}\nx ::= "a" | "b" "c"?', ['aaa', 'abcb', 'bcbcbcbc'], ['aa', 'c', 'abcc']],
      ['root ::= [^abc]+', ['xyz', 'é😀\n'], ['', 'xa']],
      ['root ::= . "-" .', ['a-b', '\n-😀', 'é-é'], ['ab', 'a--b']],
      ['root ::= "\\x41\\u00e9\\U0001F600\\n\\"\\\\"', ['Aé😀\n"\\'], ['Ae😀\n"\\']],
      ['root ::= [\\x00-\\x1F\\-\\]]', ['\t', '-', ']'], [' ', '\\']],
      ['root ::= [ぁ-ゟ]{2}', ['あい'], ['あ', 'アイ']],
      ['root ::= ("a"?)* "b"', ['b', 'aab'], ['', 'ba']],
      ['root ::= (x)*\nx ::= "a" | ""', ['', 'aaa'], ['b']],
    ];
    for (const [source, yes, no] of cases) {
      const a = automaton(source);
      for (const text of yes) expect(accepts(a, text), `${source} ∋ ${JSON.stringify(text)}`).toBe(true);
      for (const text of no) expect(accepts(a, text), `${source} ∌ ${JSON.stringify(text)}`).toBe(false);
    }
  });

  it('runs the getting-started example, and large generated grammars', () => {
    const example = automaton(`
root   ::= expr
expr   ::= term (ws [-+] ws term)*
term   ::= factor (ws [*/] ws factor)*
factor ::= [0-9]+ | "(" ws expr ws ")"   # recursion is fine
ws     ::= " "?
`);
    for (const text of ['1', '12 * (3+4)', '((1))/2 - 3']) expect(accepts(example, text), text).toBe(true);
    for (const text of ['', '1 +', '(1', '1  + 2', '-1']) expect(accepts(example, text), text).toBe(false);

    // 3000 rules, each referring to the next one (defined later): compiling stays linear.
    const rules = Array.from({ length: 3000 }, (_, i) => `r${i} ::= "a" r${i + 1} | [b-c]`);
    const chain = automaton(['root ::= r0', ...rules, 'r3000 ::= "z"'].join('\n'));
    expect(accepts(chain, `${'a'.repeat(3000)}z`)).toBe(true);
    expect(accepts(chain, `${'a'.repeat(2000)}c`)).toBe(true);
    expect(accepts(chain, `${'a'.repeat(3001)}`)).toBe(false);
    // Left recursion through 3000 rules is found without exhausting the call stack.
    const left = Array.from({ length: 3000 }, (_, i) => `r${i} ::= r${i + 1} "a" | "b"`);
    expect(() => compileGrammar(['root ::= r0', ...left, 'r3000 ::= r0'].join('\n'))).toThrow(
      /rule "r0" is left-recursive \(r0 → r1 → r2 → r3 → … → r2999 → r3000 → r0\)/,
    );
    // Deep but legal nesting compiles.
    expect(accepts(automaton(`root ::= ${'('.repeat(100)}"a"${')'.repeat(100)}*?`), 'aa')).toBe(true);
  });

  it('agrees with JavaScript regexes on random strings (regular grammars)', () => {
    const pairs: [string, RegExp][] = [
      ['root ::= "ab"{2} [c-e]{1,3} "x"?', /^(?:ab){2}[c-e]{1,3}x?$/u],
      ['root ::= ( "a" | "bc" )* "d"+', /^(?:a|bc)*d+$/u],
      ['root ::= [^abc]{2,} | "é"{0,2}', /^(?:[^abc]{2,}|é{0,2})$/u],
      ['root ::= . "." .', /^[\s\S]\.[\s\S]$/u],
      ['root ::= ("a"?)* "b" [a-c]{0,3}', /^(?:a?)*b[a-c]{0,3}$/u],
      ['root ::= x y\nx ::= "a"* | "b"\ny ::= "b"? "a"', /^(?:a*|b)b?a$/u],
    ];
    const alphabet = ['a', 'b', 'c', 'd', 'e', 'x', '.', 'é', '😀', '\n'];
    const random = mulberry32(7);
    for (const [source, regex] of pairs) {
      const a = automaton(source);
      for (let i = 0; i < 2000; i++) {
        const text = randomString(random, alphabet, 8);
        expect(accepts(a, text), `${source} on ${JSON.stringify(text)}`).toBe(regex.test(text));
      }
    }
  });

  it('accepts exactly what JSON.parse accepts', () => {
    const a = automaton(JSON_GBNF);
    const random = mulberry32(11);
    const value = (depth: number): unknown => {
      const r = randomInt(random, depth > 3 ? 4 : 6);
      if (r === 0) return randomInt(random, 3) === 0 ? null : random() < 0.5;
      if (r === 1)
        return Math.round((random() - 0.5) * 10 ** randomInt(random, 8)) / 10 ** randomInt(random, 3);
      if (r === 2) return randomString(random, ['a', '"', '\\', '\n', 'é', '😀', '/', '\u0001'], 5);
      if (r === 3) return random() < 0.1 ? 1e21 * random() : -randomInt(random, 100);
      if (r === 4) return Array.from({ length: randomInt(random, 4) }, () => value(depth + 1));
      return Object.fromEntries(
        Array.from({ length: randomInt(random, 4) }, (_, i) => [`k${i}`, value(depth + 1)]),
      );
    };
    const noise = [
      ' ',
      '\n',
      ',',
      ':',
      '"',
      '[',
      ']',
      '{',
      '}',
      '0',
      '1',
      '-',
      '.',
      'e',
      '\\',
      'u',
      'a',
      '\t',
    ];
    let valid = 0;
    for (let i = 0; i < 1500; i++) {
      let text = JSON.stringify(value(0), null, randomInt(random, 3) === 0 ? 2 : undefined);
      // Mutate most of them: insert, delete or replace one character.
      if (random() < 0.6) {
        const at = randomInt(random, text.length + 1);
        const op = randomInt(random, 3);
        const c = noise[randomInt(random, noise.length)];
        text = text.slice(0, at) + (op === 1 ? '' : c) + text.slice(op === 0 ? at : at + 1);
      }
      let parses = true;
      try {
        JSON.parse(text);
      } catch {
        parses = false;
      }
      if (parses) valid++;
      expect(accepts(a, text), JSON.stringify(text)).toBe(parses);
    }
    expect(valid).toBeGreaterThan(500);
    expect(valid).toBeLessThan(1400);
  });

  it('matches recursive grammars: balanced brackets and arithmetic', () => {
    const brackets = automaton('root ::= ( "(" root ")" | "[" root "]" )*');
    const balanced = (text: string) => {
      const stack: string[] = [];
      for (const c of text) {
        if (c === '(' || c === '[') stack.push(c === '(' ? ')' : ']');
        else if (stack.pop() !== c) return false;
      }
      return stack.length === 0;
    };
    const arithmetic = automaton(ARITHMETIC_GBNF);
    const random = mulberry32(5);
    let bal = 0;
    let arith = 0;
    for (let i = 0; i < 3000; i++) {
      const b = randomString(random, ['(', ')', '[', ']'], 12);
      expect(accepts(brackets, b), b).toBe(balanced(b));
      if (balanced(b)) bal++;
      // Random expressions, half of them with one character replaced.
      const expression = (depth: number): string => {
        const r = randomInt(random, depth > 2 ? 2 : 5);
        if (r === 0) return String(randomInt(random, 100));
        if (r === 1) return `${randomInt(random, 10)}.${randomInt(random, 10)}`;
        if (r === 2) return `-${expression(depth + 1)}`;
        if (r === 3) return `(${random() < 0.5 ? ' ' : ''}${expression(depth + 1)})`;
        const op = ['+', '-', '*', '/', ' + ', ' * ', '  -'][randomInt(random, 7)];
        return expression(depth + 1) + op + expression(depth + 1);
      };
      let e = expression(0);
      if (random() < 0.5) {
        const at = randomInt(random, e.length);
        e = e.slice(0, at) + '12.+-*/() '[randomInt(random, 10)] + e.slice(at + 1);
      }
      expect(accepts(arithmetic, e), e).toBe(isArithmetic(e));
      if (isArithmetic(e)) arith++;
    }
    expect(bal).toBeGreaterThan(50);
    expect(arith).toBeGreaterThan(100);
    expect(arith).toBeLessThan(2900);
    // Deep nesting stays cheap: a step touches a few stacks, not the whole depth.
    const deep = `${'('.repeat(2000)}${')'.repeat(2000)}`;
    expect(accepts(brackets, deep)).toBe(true);
    expect(accepts(arithmetic, `${'('.repeat(500)}1${')'.repeat(500)}*-2`)).toBe(true);
  });

  it('keeps a prefix alive exactly when it can still be completed (against an Earley parser)', () => {
    const grammars: [string, string[]][] = [
      [
        JSON_GBNF,
        ['{', '}', '[', ']', '"', ':', ',', '1', '0', '-', ' ', 'a', '\\', 'n', 't', 'r', 'u', 'e'],
      ],
      [ARITHMETIC_GBNF, ['1', '.', ' ', '+', '-', '*', '(', ')']],
      ['root ::= "a" root "b" | "a" root "c" | "d"', ['a', 'b', 'c', 'd']],
      ['root ::= item+\nitem ::= [a-b]+ ","? | "(" root? ")"', ['a', 'b', ',', '(', ')']],
    ];
    const random = mulberry32(3);
    for (const [source, alphabet] of grammars) {
      const a = automaton(source);
      const reference = new EarleyReference(parseGbnf(source));
      for (let i = 0; i < 600; i++) {
        const text = randomString(random, alphabet, 10);
        let s = a.start;
        let prefix = '';
        for (const c of text) {
          prefix += c;
          s = run(a, c, s);
          const viable = reference.isViablePrefix(prefix);
          expect(s !== DEAD, `${JSON.stringify(prefix)} in ${source}`).toBe(viable);
          if (!viable) break;
          expect(a.isAccepting(s), JSON.stringify(prefix)).toBe(reference.accepts(prefix));
        }
      }
    }
  });

  it('refuses left recursion, naming the cycle and where it closes', () => {
    const direct = 'root ::= expr\nexpr ::= expr "+" term | term\nterm ::= [0-9]';
    expect(() => compileGrammar(direct)).toThrow(
      /line 2, column 10: rule "expr" is left-recursive \(expr → expr\)/,
    );
    // Through another rule and a nullable prefix.
    const indirect = 'root ::= a\na ::= b "x" | "z"\nb ::= c a\nc ::= "q"?';
    expect(() => compileGrammar(indirect)).toThrow(
      /line 3, column 9: rule "a" is left-recursive \(a → b → a\)/,
    );
    // Right recursion is fine, and a tail call does not grow the stack.
    const right = automaton('root ::= "a" root | ""');
    const long = 'a'.repeat(5000);
    expect(accepts(right, long)).toBe(true);
    expect(right.stateCount).toBeLessThan(5);
  });

  it('keeps ambiguous grammars small, and refuses ones whose parses multiply', () => {
    const a = automaton('root ::= ( "a" | "a" | "aa" | x )*\nx ::= "a"+');
    expect(accepts(a, 'a'.repeat(200))).toBe(true);
    expect(Math.max(...Array.from({ length: a.stateCount }, (_, s) => a.stacksOf(s).length))).toBeLessThan(
      10,
    );

    // Each "a" doubles the ways to finish ("b" or "c" per level): stacks grow as 2^n.
    const exploding = new GrammarAutomaton(compileGrammar('root ::= "a" root "b" | "a" root "c" | ""'), {
      maxStacks: 64,
    });
    expect(accepts(exploding, 'aaaabcbc')).toBe(true);
    let error: unknown;
    try {
      run(exploding, 'a'.repeat(10));
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({
      code: 'UNSUPPORTED_CONSTRAINT',
      message: expect.stringMatching(/ambiguous/),
    });
  });
});
