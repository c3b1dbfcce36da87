import { describe, expect, it } from 'vitest';
import { setOf } from '../src/constraints/json-schema/code-point-set.js';
import { decimalDigits } from '../src/constraints/json-schema/decimal-range.js';
import { limitLength } from '../src/constraints/json-schema/limit-length.js';
import { patternToRegex } from '../src/constraints/json-schema/pattern-to-regex.js';
import {
  alt,
  chars,
  lengthBounds,
  literal,
  type RegexNode,
  repeat,
  seq,
} from '../src/constraints/json-schema/regex-ast.js';
import { renderRegex } from '../src/constraints/json-schema/render-regex.js';
import { sampleRegex } from '../src/constraints/json-schema/sample-regex.js';
import { seededRng } from '../src/sampling/seeded-rng.js';

const whole = (node: RegexNode) => new RegExp(`^(?:${renderRegex(node)})$`, 'u');
const refuse = (why: string): never => {
  throw new Error(why);
};
const parse = (pattern: string) => patternToRegex(pattern, refuse);

describe('regex tree rendering', () => {
  it('escapes every ASCII character and writes the rest as \\u escapes', () => {
    const text = `${Array.from({ length: 128 }, (_, i) => String.fromCharCode(i)).join('')}é€😀\u2028`;
    const re = whole(literal(text));
    expect(re.test(text)).toBe(true);
    expect(re.test(text.slice(1))).toBe(false);
    expect(renderRegex(literal('a-b"c'))).toBe('a-b"c');
  });

  it('renders classes whose members are class syntax', () => {
    const set = setOf(']', '-', '^', '\\', '[', 'a', [0x1f600, 0x1f64f], [0, 0x1f]);
    const re = whole(chars(set));
    for (const ch of [']', '-', '^', '\\', '[', 'a', '😀', '\n', '\u0000'])
      expect(re.test(ch), ch).toBe(true);
    for (const ch of ['b', ' ', '_', '😐'.repeat(2)]) expect(re.test(ch), ch).toBe(false);
  });

  it('groups where precedence needs it', () => {
    const re = whole(
      seq(
        repeat(repeat(literal('a'), 0, 1), 2, 2),
        alt(literal('b'), literal('cd')),
        repeat(literal('xy'), 1, null),
      ),
    );
    expect(['bxy', 'abxy', 'aacdxyxy'].every((s) => re.test(s))).toBe(true);
    expect(['aaabxy', 'bx', 'cxy'].some((s) => re.test(s))).toBe(false);
  });

  it('samples only strings the rendered regex matches', () => {
    const node = seq(
      repeat(chars(setOf(['a'.charCodeAt(0), 'z'.charCodeAt(0)], [0x4e00, 0x9fff])), 1, 5),
      alt(literal('.'), literal('|')),
    );
    const re = whole(node);
    const rng = seededRng(3);
    for (let i = 0; i < 200; i++) expect(re.test(sampleRegex(node, rng))).toBe(true);
  });
});

describe('JSON Schema patterns → value regex', () => {
  const patterns = [
    '^[a-z]+$',
    'abc',
    '^a|b$',
    '\\d{2,4}',
    '^(?:x|yz)*$',
    '^[^a-z]{2}$',
    '^\\w+\\s\\W$',
    '^.$',
    '^[\\s\\S]{0,3}$',
    '(?<year>\\d{4})-(\\d{2})',
    '^\\x41\\u0042\\u{1F600}\\cJ\\0$',
    '^[\\b]$',
    '^[a\\-z]$',
    '^a+?b*?$',
    '^\\uD83D\\uDE00$',
    '^[.]\\/\\.\\*\\$\\^$',
    '^[^\\d\\s]+$',
    '^(a|b){3}c{2,}$',
  ];
  for (const pattern of patterns) {
    it(`samples of ${pattern} match it (u flag)`, () => {
      const tree = parse(pattern);
      const re = new RegExp(pattern, 'u');
      const rng = seededRng(pattern.length);
      for (let i = 0; i < 200; i++) {
        const value = sampleRegex(tree, rng);
        expect(re.test(value), JSON.stringify(value)).toBe(true);
      }
    });
  }

  it('keeps the pattern language: anchors, search semantics, dot', () => {
    expect(whole(parse('^[A-Z]{2}-\\d{3}$')).test('AB-123')).toBe(true);
    expect(whole(parse('^[A-Z]{2}-\\d{3}$')).test('xAB-123')).toBe(false);
    expect(whole(parse('abc')).test('x\nabc\n')).toBe(true);
    expect(whole(parse('^a|b$')).test('axx')).toBe(true);
    expect(whole(parse('^a|b$')).test('xxb')).toBe(true);
    expect(whole(parse('^a|b$')).test('xax')).toBe(false);
    expect(whole(parse('^.$')).test('\n')).toBe(false);
    expect(whole(parse('^.$')).test('😀')).toBe(true);
  });

  it('refuses what a DFA cannot express', () => {
    for (const p of [
      '(?=a)b',
      '(?!a)',
      '(?<=a)b',
      '(a)\\1',
      '\\bword',
      '\\p{L}',
      'a^b',
      '(^a)',
      'a$b',
      '(?<n>a)\\k<n>',
    ]) {
      expect(() => parse(p), p).toThrow();
    }
  });
});

describe('length limits on a value regex', () => {
  const cases: [string, number, number | null][] = [
    ['^[a-z]+[0-9]*$', 3, 5],
    ['abc', 0, 10],
    ['^(foo|bar)+$', 4, 9],
    ['^x(ab)*y$', 5, 7],
    ['^[a-z]*$', 2, null],
  ];
  for (const [pattern, lo, hi] of cases) {
    it(`${pattern} within [${lo}, ${hi ?? '∞'}]`, () => {
      const limited = limitLength(parse(pattern), lo, hi);
      expect(limited).not.toBeNull();
      const re = new RegExp(pattern, 'u');
      const rng = seededRng(lo * 31 + (hi ?? 0));
      for (let i = 0; i < 200; i++) {
        const value = sampleRegex(limited!, rng);
        const length = [...value].length;
        expect(re.test(value), value).toBe(true);
        expect(length >= lo && (hi === null || length <= hi), value).toBe(true);
      }
    });
  }

  it('computes length bounds', () => {
    expect(lengthBounds(parse('^(ab|c){2,3}$'))).toEqual({ min: 2, max: 6 });
    expect(lengthBounds(parse('^a*$'))).toEqual({ min: 0, max: null });
  });
});

describe('decimal digits of bounds', () => {
  it('expands exponent notation exactly', () => {
    expect(decimalDigits(2.5)).toEqual({ integer: '2', fraction: '5' });
    expect(decimalDigits(1.5e-7)).toEqual({ integer: '0', fraction: '00000015' });
    expect(decimalDigits(1e21)).toEqual({ integer: `1${'0'.repeat(21)}`, fraction: '' });
    expect(decimalDigits(0)).toEqual({ integer: '0', fraction: '' });
  });
});
