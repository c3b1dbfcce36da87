import { describe, expect, it } from 'vitest';
import { mulberry32, randomInt } from '../../testkit/src/tokenizer/mulberry32.js';
import { DEAD } from '../src/constraints/regex/byte-automaton.js';
import type { ByteDfa } from '../src/constraints/regex/byte-dfa.js';
import { compileRegex } from '../src/constraints/regex/compile-regex.js';
import { encodeUtf8 } from '../src/constraints/regex/utf8-sequences.js';

const encoder = new TextEncoder();
const strictDecoder = new TextDecoder('utf-8', { fatal: true });

function dfaMatches(dfa: ByteDfa, text: string): boolean {
  let state = dfa.start;
  for (const byte of encoder.encode(text)) state = dfa.step(state, byte);
  return dfa.isAccepting(state);
}

/** A random accepted string: a walk over the bytes the DFA allows, stopping at accepting states sometimes. */
function sampleAccepted(dfa: ByteDfa, random: () => number, maxBytes = 40): string | undefined {
  let state = dfa.start;
  if (state === DEAD) return undefined;
  const bytes: number[] = [];
  while (bytes.length < maxBytes) {
    const options = allowedBytes(dfa, state);
    if (dfa.isAccepting(state) && (options.length === 0 || random() < 0.15)) break;
    // Every live state has a way forward or accepts.
    expect(options.length).toBeGreaterThan(0);
    const byte = options[randomInt(random, options.length)];
    bytes.push(byte);
    state = dfa.step(state, byte);
  }
  if (!dfa.isAccepting(state)) {
    const rest = shortestCompletion(dfa, state);
    if (rest === undefined) return undefined;
    bytes.push(...rest);
  }
  // Throws (failing the test) if the DFA accepted invalid UTF-8.
  return strictDecoder.decode(Uint8Array.from(bytes));
}

/** The shortest byte string from `state` to acceptance (breadth-first; live states always have one). */
function shortestCompletion(dfa: ByteDfa, state: number): number[] | undefined {
  const paths = new Map<number, number[]>([[state, []]]);
  const queue = [state];
  while (queue.length > 0) {
    const s = queue.shift()!;
    if (dfa.isAccepting(s)) return paths.get(s);
    for (let b = 0; b < 256; b++) {
      const t = dfa.step(s, b);
      if (t !== DEAD && !paths.has(t)) {
        paths.set(t, [...paths.get(s)!, b]);
        queue.push(t);
      }
    }
  }
  return undefined;
}

const allowedCache = new WeakMap<ByteDfa, Map<number, number[]>>();
function allowedBytes(dfa: ByteDfa, state: number): number[] {
  let byState = allowedCache.get(dfa);
  if (byState === undefined) {
    byState = new Map();
    allowedCache.set(dfa, byState);
  }
  let options = byState.get(state);
  if (options === undefined) {
    options = [];
    for (let b = 0; b < 256; b++) if (dfa.step(state, b) !== DEAD) options.push(b);
    byState.set(state, options);
  }
  return options;
}

const EXTRA_CHARS = [
  'a',
  'z',
  '0',
  '9',
  ' ',
  '\n',
  '\r',
  '\t',
  '\u2028',
  'é',
  '€',
  '😀',
  '_',
  '-',
  '"',
  '{',
  '}',
  '\u00a0',
];

function randomString(random: () => number, alphabet: string[], maxLength: number): string {
  let out = '';
  const length = randomInt(random, maxLength + 1);
  for (let i = 0; i < length; i++) out += alphabet[randomInt(random, alphabet.length)];
  return out;
}

function mutate(random: () => number, text: string, alphabet: string[]): string {
  const chars = Array.from(text);
  const at = randomInt(random, chars.length + 1);
  const op = randomInt(random, 3);
  const char = alphabet[randomInt(random, alphabet.length)];
  if (op === 0) chars.splice(at, 0, char);
  else if (op === 1) chars.splice(at, 1);
  else chars.splice(at, 1, char);
  return chars.join('');
}

/**
 * Checks the DFA against `new RegExp('^(?:p)$', 'u')` on sampled positives, mutations and random strings.
 * Native backtracking is exponential on nested quantifiers, so random patterns use short strings
 * (`maxBytes`).
 */
function checkAgainstNative(
  pattern: string,
  seed: number,
  count = 150,
  maxBytes = 40,
): { positives: number } {
  const dfa = compileRegex(pattern);
  const native = new RegExp(`^(?:${pattern})$`, 'u');
  const random = mulberry32(seed);
  const alphabet = [...new Set([...Array.from(pattern), ...EXTRA_CHARS])];
  const strings = new Set<string>(['', 'a', 'abc']);
  let positives = 0;
  for (let i = 0; i < count; i++) {
    const sample = sampleAccepted(dfa, random, maxBytes);
    if (sample !== undefined) {
      positives++;
      strings.add(sample);
      strings.add(mutate(random, sample, alphabet));
    }
    strings.add(randomString(random, alphabet, Math.min(10, maxBytes)));
  }
  for (const text of strings) {
    const expected = native.test(text);
    if (dfaMatches(dfa, text) !== expected) {
      throw new Error(`pattern ${JSON.stringify(pattern)} on ${JSON.stringify(text)}: expected ${expected}`);
    }
  }
  return { positives };
}

// biome-ignore format: a table of patterns reads better packed
const PATTERNS = [
  '', 'a', 'abc', 'a|b', 'ab|cd|', 'a*', 'a+', 'a?', 'a{3}', 'a{2,}', 'a{2,4}', 'a{0,3}b', '(ab)*',
  '(a|bc)+d', '[a-z]+', '[^a-z]*', '[]', '[^]', '[^]*', '.', '.*', '.+x', '\\d{3}-\\d{4}', '\\w+@\\w+\\.com',
  '\\s*', '\\S+', '\\D\\W', '[\\d\\s]+', '[\\w-]+', '[a-]', '[-a]', '[\\-]', '[\\]\\\\]', '\\u00e9+',
  '\\u{1F600}', '\\uD83D\\uDE00', '😀+', '[😀-😂]', '[^😀]', 'é|e\\u0301', '\\x41\\x7a', '\\t\\n\\r\\f\\v\\0',
  '\\cJ', '[\\b]', '(?:a|b)*c', '(?<year>\\d{4})-(?<m>\\d\\d)', 'a*?b+?c??d{1,2}?', '^abc$', '^a|b$',
  '(^a|b)c', 'a^b', 'a$b', '$', '^$', '^', '(a|^)b', 'a($|b)', '$^', '(a*)*', '(a|)+b', '(?:)', '()*',
  '(?:a?)*?b', '\\{"name":"[a-z]{1,20}","age":(0|[1-9][0-9]?)\\}', '"([^"\\\\]|\\\\.)*"',
  '-?(0|[1-9]\\d*)(\\.\\d+)?([eE][+-]?\\d+)?', '[a-z ]{0,20}', '.{0,5}', '(true|false|null)',
  '[\\u0080-\\u07ff]+', '[\\u0800-\\uffff]+', '[\\u{10000}-\\u{10ffff}]+', '[^\\x00-\\x7f]', '\\p{L}+',
  '\\P{L}', '[\\p{Nd}a]+', '\\p{Script=Greek}+', '[\\s\\S]', '\\/', '[.]', '\\.', 'a{0}', 'a{0,0}b',
  '(a{2}){2}', '(ab|a)(bc|c)', '\\$\\^', '[$^]', 'x{1,3}y{0,2}', '[^\\n]*', '[\\ud800-\\udfff]',
  '[\\ud7ff-\\ue000]+', '\\u{7f}\\u{80}\\u{7ff}\\u{800}\\u{ffff}\\u{10000}\\u{10ffff}',
];

describe('compileRegex membership matches native RegExp (u flag, anchored)', () => {
  it.each(PATTERNS.map((p, i) => [p, i]))('%j', (pattern, seed) => {
    checkAgainstNative(pattern as string, (seed as number) + 1);
  });

  it('samples positives for every satisfiable pattern', () => {
    for (const pattern of ['a{2,4}', '\\p{L}+', '[\\u{10000}-\\u{10ffff}]+', '"([^"\\\\]|\\\\.)*"']) {
      expect(checkAgainstNative(pattern, 7, 50).positives).toBe(50);
    }
  });
});

// Random patterns from a small grammar: 600 seeds, each checked on sampled, mutated and random strings.
const ATOMS = [
  'a',
  'b',
  'c',
  '.',
  '\\d',
  '\\w',
  '\\s',
  '[ab]',
  '[^a]',
  '[a-c]',
  'é',
  '😀',
  '\\u00e9',
  '[é😀]',
  'x',
];
const QUANTIFIERS = ['*', '+', '?', '{2}', '{0,2}', '{1,}', '{1,3}', '*?', '{0,3}?'];

function randomPattern(random: () => number, depth = 0): string {
  const r = random();
  const atom = () => ATOMS[randomInt(random, ATOMS.length)];
  if (depth > 2 || r < 0.35) return random() < 0.05 ? (random() < 0.5 ? '^' : '$') : atom();
  if (r < 0.55) return randomPattern(random, depth + 1) + randomPattern(random, depth + 1);
  if (r < 0.7) return `${randomPattern(random, depth + 1)}|${randomPattern(random, depth + 1)}`;
  if (r < 0.9) {
    const body = random() < 0.5 ? atom() : `(?:${randomPattern(random, depth + 1)})`;
    return body + QUANTIFIERS[randomInt(random, QUANTIFIERS.length)];
  }
  return `(${randomPattern(random, depth + 1)})`;
}

describe('random patterns', () => {
  it('600 seeded random patterns agree with native RegExp', () => {
    for (let seed = 1; seed <= 600; seed++) {
      const pattern = randomPattern(mulberry32(seed * 7919));
      checkAgainstNative(pattern, seed, 60, 12);
    }
  });
});

describe('classes agree with native on every code point', () => {
  it.each(['\\s', '\\S', '\\d', '\\w', '\\W', '.', '[^a]', '\\p{L}', '\\P{Lu}', '\\p{Script=Han}'])(
    '%s',
    (p) => {
      const dfa = compileRegex(p);
      const native = new RegExp(`^(?:${p})$`, 'u');
      let mismatches = 0;
      for (let cp = 0; cp <= 0x10ffff; cp++) {
        if (cp === 0xd800) cp = 0xe000;
        let state = dfa.start;
        for (const byte of encodeUtf8(cp)) state = dfa.step(state, byte);
        if (dfa.isAccepting(state) !== native.test(String.fromCodePoint(cp))) mismatches++;
      }
      expect(mismatches).toBe(0);
    },
  );
});
