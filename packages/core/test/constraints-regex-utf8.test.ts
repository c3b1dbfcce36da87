import { describe, expect, it } from 'vitest';
import { mulberry32, randomInt } from '../../testkit/src/tokenizer/mulberry32.js';
import { DEAD } from '../src/constraints/regex/byte-automaton.js';
import type { ByteDfa } from '../src/constraints/regex/byte-dfa.js';
import { compileRegex } from '../src/constraints/regex/compile-regex.js';
import { encodeUtf8, utf8Sequences } from '../src/constraints/regex/utf8-sequences.js';
import { isValidUtf8 } from './is-valid-utf8.js';

const strict = new TextDecoder('utf-8', { fatal: true });

const TAIL_SAMPLES = [
  0x00, 0x41, 0x7f, 0x80, 0x81, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc2, 0xe0, 0xf0, 0xff,
];

/** A sequence of well-formed UTF-8 characters, per Unicode Table 3-7 (independent of TextDecoder). */
function wellFormed(bytes: number[]): boolean {
  const cont = (x: number | undefined, lo = 0x80, hi = 0xbf) => x !== undefined && x >= lo && x <= hi;
  for (let i = 0; i < bytes.length; ) {
    const [a, b, c, d] = bytes.slice(i, i + 4);
    if (a < 0x80) i += 1;
    else if (a >= 0xc2 && a <= 0xdf && cont(b)) i += 2;
    else if (a >= 0xe0 && a <= 0xef && cont(c)) {
      const second = a === 0xe0 ? cont(b, 0xa0) : a === 0xed ? cont(b, 0x80, 0x9f) : cont(b);
      if (!second) return false;
      i += 3;
    } else if (a >= 0xf0 && a <= 0xf4 && cont(c) && cont(d)) {
      const second = a === 0xf0 ? cont(b, 0x90) : a === 0xf4 ? cont(b, 0x80, 0x8f) : cont(b);
      if (!second) return false;
      i += 4;
    } else return false;
  }
  return true;
}

function accepts(dfa: ByteDfa, bytes: ArrayLike<number>): boolean {
  let state = dfa.start;
  for (let i = 0; i < bytes.length; i++) state = dfa.step(state, bytes[i]);
  return dfa.isAccepting(state);
}

describe('utf8Sequences', () => {
  it('covers exactly the encodings of a range, in order, without overlaps', () => {
    const random = mulberry32(42);
    const bounds = [0, 0x7f, 0x80, 0x7ff, 0x800, 0xd7ff, 0xe000, 0xffff, 0x10000, 0x10ffff];
    for (let trial = 0; trial < 300; trial++) {
      const pick = () =>
        random() < 0.3 ? bounds[randomInt(random, bounds.length)] : randomInt(random, 0x110000);
      let [lo, hi] = [pick(), pick()].sort((a, b) => a - b);
      if (lo >= 0xd800 && lo <= 0xdfff) lo = 0xe000;
      if (hi >= 0xd800 && hi <= 0xdfff) hi = 0xd7ff;
      if (lo > hi || (lo < 0xd800 && hi > 0xdfff)) continue;
      const seqs = utf8Sequences(lo, hi);
      const matching = (cp: number) => {
        const bytes = encodeUtf8(cp);
        return seqs.filter(
          (s) => s.length === bytes.length * 2 && bytes.every((b, i) => s[2 * i] <= b && b <= s[2 * i + 1]),
        ).length;
      };
      for (let k = 0; k < 200; k++) {
        let cp = randomInt(random, 0x110000);
        if (k < 4) cp = [lo, hi, lo - 1, hi + 1][k];
        if (cp < 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) continue;
        expect(matching(cp)).toBe(cp >= lo && cp <= hi ? 1 : 0);
      }
    }
  });
});

describe('the DFA accepts only valid UTF-8', () => {
  const anything = compileRegex('[^]*');

  it('every 1- and 2-byte string: accepted iff TextDecoder finds it valid', () => {
    for (let a = 0; a < 256; a++) {
      expect(accepts(anything, [a])).toBe(isValidUtf8(Uint8Array.of(a)));
      for (let b = 0; b < 256; b++) {
        if (accepts(anything, [a, b]) !== isValidUtf8(Uint8Array.of(a, b)))
          throw new Error(`mismatch ${a} ${b}`);
      }
    }
  });

  it('every 3-byte string and every 4-byte string over sampled tails: accepted iff well-formed', () => {
    // Unicode's table of well-formed byte sequences (Table 3-7), checked against TextDecoder below.
    let mismatches = 0;
    for (let a = 0xc2; a < 256; a++) {
      for (let b = 0; b < 256; b++) {
        for (let c = 0; c < 256; c++)
          if (accepts(anything, [a, b, c]) !== wellFormed([a, b, c])) mismatches++;
        if (a < 0xf0) continue;
        for (const c of TAIL_SAMPLES) {
          for (const d of TAIL_SAMPLES)
            if (accepts(anything, [a, b, c, d]) !== wellFormed([a, b, c, d])) mismatches++;
        }
      }
    }
    expect(mismatches).toBe(0);
  });

  it('the well-formedness table agrees with TextDecoder', () => {
    const random = mulberry32(5);
    for (let trial = 0; trial < 100_000; trial++) {
      const length = 1 + randomInt(random, 4);
      const bytes = Array.from({ length }, (_, i) =>
        i > 0 && random() < 0.7 ? 0x80 + randomInt(random, 64) : randomInt(random, 256),
      );
      expect(wellFormed(bytes)).toBe(isValidUtf8(Uint8Array.from(bytes)));
    }
  });

  it('rejects overlong forms, surrogates and code points above U+10FFFF', () => {
    const bad = [
      [0xc0, 0x80],
      [0xc1, 0xbf],
      [0xe0, 0x80, 0x80],
      [0xe0, 0x9f, 0xbf],
      [0xed, 0xa0, 0x80],
      [0xed, 0xbf, 0xbf],
      [0xf0, 0x8f, 0xbf, 0xbf],
      [0xf4, 0x90, 0x80, 0x80],
      [0xf5, 0x80, 0x80, 0x80],
      [0xff],
      [0x80],
      [0xe2, 0x82],
    ];
    for (const bytes of bad) expect(accepts(anything, bytes)).toBe(false);
    for (const cp of [0, 0x7f, 0x80, 0x7ff, 0x800, 0xd7ff, 0xe000, 0xfffd, 0xffff, 0x10000, 0x10ffff]) {
      expect(accepts(anything, encodeUtf8(cp))).toBe(true);
    }
    // A lone-surrogate class compiles to nothing: no UTF-8 string encodes a surrogate.
    expect(compileRegex('[\\ud800-\\udfff]').start).toBe(DEAD);
  });

  it('random byte strings: accepted iff valid UTF-8 and the native regex matches', () => {
    const random = mulberry32(9);
    const pieces = [
      [0x61],
      [0x62],
      [0x20],
      [0x0a],
      [0xc3, 0xa9],
      [0xe2, 0x82, 0xac],
      [0xf0, 0x9f, 0x98, 0x80],
    ];
    for (const pattern of ['[^]*', '.*', '[a-z ]*', '[^a]*', '(é|€)+', '[\\u{1F600}-\\u{1F64F}]*a', '\\D*']) {
      const dfa = compileRegex(pattern);
      const native = new RegExp(`^(?:${pattern})$`, 'u');
      for (let trial = 0; trial < 3000; trial++) {
        const bytes: number[] = [];
        const length = randomInt(random, 8);
        for (let i = 0; i < length; i++) {
          // Whole characters, cut characters, and raw bytes.
          const piece = pieces[randomInt(random, pieces.length)];
          if (random() < 0.2) bytes.push(randomInt(random, 256));
          else bytes.push(...(random() < 0.15 ? piece.slice(0, randomInt(random, piece.length)) : piece));
        }
        const array = Uint8Array.from(bytes);
        const expected = isValidUtf8(array) && native.test(strict.decode(array));
        expect(accepts(dfa, array)).toBe(expected);
      }
    }
  });
});
