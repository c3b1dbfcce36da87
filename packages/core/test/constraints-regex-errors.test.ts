import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../testkit/src/tokenizer/mulberry32.js';
import { DEAD } from '../src/constraints/regex/byte-automaton.js';
import { buildByteNfa } from '../src/constraints/regex/byte-nfa.js';
import { compileRegex } from '../src/constraints/regex/compile-regex.js';
import { nfaSize } from '../src/constraints/regex/nfa-size.js';
import { parseRegex } from '../src/constraints/regex/parse-regex.js';
import { PocketLMError } from '../src/errors/pocketlm-error.js';

function errorOf(run: () => unknown): PocketLMError {
  try {
    run();
  } catch (error) {
    if (PocketLMError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected an error');
}

function matches(pattern: string, text: string): boolean {
  const dfa = compileRegex(pattern);
  let state = dfa.start;
  for (const byte of new TextEncoder().encode(text)) state = dfa.step(state, byte);
  return dfa.isAccepting(state);
}

describe('unsupported features are refused, naming the feature', () => {
  it.each([
    ['a(?=b)', /lookahead \(\?=/],
    ['a(?!b)', /lookahead \(\?!/],
    ['(?<=a)b', /lookbehind \(\?<=/],
    ['(?<!a)b', /lookbehind \(\?<!/],
    ['\\bword\\b', /word boundary \\b/],
    ['a\\B', /non-word-boundary \\B/],
    ['(a)\\1', /backreference \\1/],
    ['(?<x>a)\\k<x>', /named backreference/],
    ['(?i:a)', /inline modifiers/],
  ])('%s', (pattern, message) => {
    // Each is a valid ECMAScript pattern (modifiers since ES2025, newer than Node 20): refused because a DFA
    // cannot enforce it, not because it is malformed.
    if (!pattern.startsWith('(?i')) expect(() => new RegExp(pattern, 'u')).not.toThrow(SyntaxError);
    const error = errorOf(() => compileRegex(pattern));
    expect(error.code).toBe('UNSUPPORTED_CONSTRAINT');
    expect(error.message).toMatch(message);
    expect(error.message).toMatch(/not supported/);
  });
});

describe('malformed patterns are INVALID_OPTIONS', () => {
  it.each([
    '(',
    ')',
    'a)',
    '[a',
    '[z-a]',
    'a{2,1}',
    '*',
    'a**',
    '+a',
    '?',
    '\\',
    '\\q',
    '{',
    '}',
    ']',
    'a{',
    'a{,2}',
    '\\u{110000}',
    '\\u12',
    '\\x4',
    '[\\d-z]',
    '[a-\\d]',
    '\\p{NotAProperty}',
    '\\p{L',
    '(?<1a>x)',
    '(?<>x)',
    '\\c1',
    '\\01',
    '[\\1]',
    '^*',
    '$+',
    '(?',
    '(?x)',
    '(?i)',
    '(?-)',
    '\\k',
    '[\\B]',
  ])('%j', (pattern) => {
    // Native `u` mode rejects every one of these as well.
    expect(() => new RegExp(pattern, 'u')).toThrow(SyntaxError);
    const error = errorOf(() => compileRegex(pattern));
    expect(error.code).toBe('INVALID_OPTIONS');
    expect(error.message).toMatch(/^Invalid regex .* at position \d+: /);
  });
});

describe('dialect', () => {
  // Beyond the u flag, which rejects \- or \" outside a class.
  it('accepts escaped ASCII punctuation as itself', () => {
    expect(matches('a\\-b', 'a-b')).toBe(true);
    expect(matches('\\"\\ \\#\\:\\@\\<\\>\\\'\\_\\%', '" #:@<>\'_%')).toBe(true);
  });

  it('anchors the whole pattern: it must match the entire output', () => {
    expect(matches('abc', 'abc')).toBe(true);
    expect(matches('abc', 'xabc')).toBe(false);
    expect(matches('abc', 'abcx')).toBe(false);
    expect(matches('^abc$', 'abc')).toBe(true);
    expect(matches('a|bc', 'bc')).toBe(true);
  });

  it('treats lazy quantifiers as greedy and named groups as plain groups', () => {
    expect(matches('a+?', 'aaa')).toBe(true);
    expect(matches('(?<word>[a-z]+)-\\d', 'abc-1')).toBe(true);
  });

  it('an unsatisfiable pattern starts dead', () => {
    expect(compileRegex('[]').start).toBe(DEAD);
    expect(compileRegex('a^b').start).toBe(DEAD);
    expect(compileRegex('a$b').start).toBe(DEAD);
    expect(compileRegex('[]|a').start).not.toBe(DEAD);
  });

  it('never hands out a state that cannot reach acceptance', () => {
    const dfa = compileRegex('ab(c|[]d)|a$x');
    const a = dfa.step(dfa.start, 0x61);
    expect(a).not.toBe(DEAD);
    expect(dfa.step(a, 0x62)).not.toBe(DEAD);
    expect(dfa.step(dfa.step(a, 0x62), 0x64)).toBe(DEAD);
    expect(dfa.isAccepting(a)).toBe(false);
  });
});

describe('size limits', () => {
  it('refuses patterns whose NFA would be too large, quickly', () => {
    const started = performance.now();
    const error = errorOf(() => compileRegex('(a{0,1000}){0,1000}'));
    expect(error.code).toBe('UNSUPPORTED_CONSTRAINT');
    expect(error.message).toMatch(/too large/);
    console.log(`(a{0,1000}){0,1000} refused after ${(performance.now() - started).toFixed(0)} ms`);
    expect(errorOf(() => compileRegex('a{1000000}')).code).toBe('UNSUPPORTED_CONSTRAINT');
  });

  it('throws UNSUPPORTED_CONSTRAINT once the lazy DFA exceeds its state limit', () => {
    // (a|b)*a(a|b){16}: the DFA must remember the last 17 letters, 2^17 states.
    const dfa = compileRegex('(a|b)*a(a|b){16}', { maxDfaStates: 5000 });
    const random = mulberry32(3);
    let state = dfa.start;
    const error = errorOf(() => {
      for (let i = 0; i < 100_000; i++) state = dfa.step(state, random() < 0.5 ? 0x61 : 0x62);
    });
    expect(error.code).toBe('UNSUPPORTED_CONSTRAINT');
    expect(error.message).toMatch(/more than 5000 DFA states/);
  });
});

describe('nfaSize', () => {
  it('predicts exactly the states the builder makes', () => {
    for (const pattern of [
      '',
      'a',
      '[^]',
      '.{2,5}',
      '(a|bc)*d+',
      '\\p{L}?',
      'x{0,3}|[]',
      '^(é|€){2,}$',
      '[\\u0800-\\uffff]',
    ]) {
      const ast = parseRegex(pattern);
      expect(nfaSize(ast) + 1).toBe(buildByteNfa(ast, pattern).size);
    }
  });
});

describe('compile time of large bounded repeats', () => {
  it('measures compile and first-walk time', () => {
    const rows: string[] = [];
    for (const pattern of [
      '^[a-z ]{0,200}$',
      '.{0,1000}',
      '[a-z]{0,5000}',
      '(\\d{1,3}\\.){3}\\d{1,3}',
      '\\p{L}{0,100}',
    ]) {
      const t0 = performance.now();
      const dfa = compileRegex(pattern);
      const t1 = performance.now();
      // Walk 1000 'a's (or digits) and back off at the end: builds every state such a walk needs.
      let state = dfa.start;
      const byte = pattern.includes('\\d') ? 0x31 : 0x61;
      for (let i = 0; i < 1000 && state !== DEAD; i++) state = dfa.step(state, byte);
      const t2 = performance.now();
      rows.push(
        `${pattern.padEnd(26)} compile ${(t1 - t0).toFixed(1).padStart(7)} ms, walk 1000 bytes ` +
          `${(t2 - t1).toFixed(1).padStart(6)} ms, ${dfa.stateCount} DFA states`,
      );
    }
    console.log(rows.join('\n'));
  });
});
