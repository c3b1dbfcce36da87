import { describe, expect, it } from 'vitest';
import { compileGrammar } from '../src/constraints/grammar/index.js';
import { PocketLMError } from '../src/errors/pocketlm-error.js';

function errorOf(source: string): PocketLMError {
  try {
    compileGrammar(source);
  } catch (e) {
    if (PocketLMError.isInstance(e)) return e;
    throw e;
  }
  throw new Error(`compiled: ${JSON.stringify(source)}`);
}

// [source, code, message fragment (with the line and column)]
const CASES: [string, string, RegExp][] = [
  ['', 'INVALID_OPTIONS', /line 1, column 1: the grammar is empty/],
  ['  # only a comment\n\n', 'INVALID_OPTIONS', /line 1, column 1: the grammar is empty/],
  ['start ::= "a"', 'INVALID_OPTIONS', /line 1, column 1: there is no "root" rule.*start/],
  ['root ::= "a" value', 'INVALID_OPTIONS', /line 1, column 14: rule "value" is not defined/],
  [
    'root ::= "a"\nroot ::= "b"',
    'INVALID_OPTIONS',
    /line 2, column 1: rule "root" is defined twice \(first at line 1/,
  ],
  ['root = "a"', 'INVALID_OPTIONS', /line 1, column 6: expected "::=" after the rule name "root", found "="/],
  ['root ::= "abc', 'INVALID_OPTIONS', /line 1, column 10: this string literal is never closed/],
  ['root ::= [a-z', 'INVALID_OPTIONS', /line 1, column 10: this character class is never closed/],
  ['root ::= []', 'INVALID_OPTIONS', /line 1, column 10: an empty character class/],
  ['root ::= [z-a]', 'INVALID_OPTIONS', /line 1, column 11: the range U\+007A-U\+0061 is reversed/],
  [
    'root ::= ("a" | "b"',
    'INVALID_OPTIONS',
    /line 1, column 20: expected "\)" to close the "\(" at line 1, column 10/,
  ],
  ['root ::= "a")', 'INVALID_OPTIONS', /line 1, column 13: unexpected "\)" in rule "root"/],
  ['root ::= * "a"', 'INVALID_OPTIONS', /line 1, column 10: "\*" has nothing before it to repeat/],
  ['root ::= "a"{2', 'INVALID_OPTIONS', /line 1, column 15: expected "," or "}" in the repetition/],
  ['root ::= "a"{,2}', 'INVALID_OPTIONS', /line 1, column 14: expected a number in the repetition/],
  ['root ::= "a"{3,2}', 'INVALID_OPTIONS', /line 1, column 13: the repetition \{3,2\} has its maximum below/],
  ['root ::= "\\q"', 'INVALID_OPTIONS', /line 1, column 11: unknown escape \\q/],
  ['root ::= "\\x4"', 'INVALID_OPTIONS', /line 1, column 11: \\x needs exactly 2 hex digits/],
  ['root ::= "\\U00110000"', 'INVALID_OPTIONS', /line 1, column 11: .*beyond U\+10FFFF/],
  ['root ::= "\\uD800"', 'INVALID_OPTIONS', /line 1, column 11: U\+D800 is a surrogate/],
  [
    'root ::= "a"\n  | "b"',
    'INVALID_OPTIONS',
    /line 2, column 3: expected a rule name, found "\|" \(to continue a rule/,
  ],
  ["root ::= 'a'", 'INVALID_OPTIONS', /line 1, column 10: unexpected "'" in rule "root"/],
  ['root ::= x\nx ::= "a" x', 'INVALID_OPTIONS', /line 2, column 1: rule "x" can never finish/],
  ['root ::= [^\\x00-\\U0010FFFF]', 'INVALID_OPTIONS', /line 1, column 1: rule "root" can never finish/],
  [
    'root ::= a\na ::= a "x" | "y"',
    'INVALID_OPTIONS',
    /line 2, column 7: rule "a" is left-recursive \(a → a\)/,
  ],
  [
    'root ::= "a" <[42]>',
    'UNSUPPORTED_CONSTRAINT',
    /line 1, column 14: a token reference .* is not supported/,
  ],
  ['root ::= !<think> "a"', 'UNSUPPORTED_CONSTRAINT', /line 1, column 10: a token reference/],
  ['root ::= "a"{1000001}', 'UNSUPPORTED_CONSTRAINT', /line 1, column 14: a repetition count above 100000/],
  ['root ::= ("a"{1000}){1000}', 'UNSUPPORTED_CONSTRAINT', /too large: .*more than 500000 positions/],
  [
    `root ::= ${'('.repeat(101)}"a"${')'.repeat(101)}`,
    'UNSUPPORTED_CONSTRAINT',
    /column 110: nesting groups more than 100/,
  ],
  ['root ::= "a"?????????', 'UNSUPPORTED_CONSTRAINT', /column 21: more than 8 repetition operators/],
];

describe('grammar errors', () => {
  it.each(CASES)('%j → %s', (source, code, message) => {
    const error = errorOf(source);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it('reports positions on later lines and after non-ASCII characters', () => {
    const source =
      'root ::= greeting " " name\n# the greeting\ngreeting ::= "héllo 😀" | "hi"\nname ::= [a-z]+ nmae';
    const error = errorOf(source);
    expect(error.message).toBe('Invalid grammar at line 4, column 17: rule "nmae" is not defined.');
    expect(error.details).toMatchObject({ line: 4, column: 17 });
  });

  it('accepts the layout llama.cpp accepts: comments, continuation after | and inside ( ), CRLF', () => {
    const source = [
      '# comment line',
      'root ::= (  # a comment inside a group',
      '    "a"',
      '    | "b" ) |  # a comment after the |',
      '  item+ |',
      '  "c"',
      'item ::= [0-9] { 1 , 2 }',
      '',
    ].join('\r\n');
    expect(() => compileGrammar(source)).not.toThrow();
    expect(() => compileGrammar('root ::= | "x"')).not.toThrow();
    expect(() => compileGrammar('root ::=')).not.toThrow();
    expect(() => compileGrammar('root ::= [-a-] ["\\\\\\]] [^\\n]')).not.toThrow();
    expect(() => compileGrammar('my-rule-2 ::= "x"\nroot ::= my-rule-2')).not.toThrow();
  });
});
