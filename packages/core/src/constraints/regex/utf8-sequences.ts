import { type CodePointSet, withoutSurrogates } from './code-point-set.js';

/**
 * One UTF-8 byte-range sequence: `[lo0, hi0, lo1, hi1, …]`, one pair per byte. A byte string matches it when
 * each byte lies in its range; 1 to 4 pairs.
 */
export type Utf8Sequence = number[];

const MAX_SCALAR_BY_LENGTH = [0x7f, 0x7ff, 0xffff];

/**
 * Splits the scalar-value range [start, end] (no surrogates inside) into byte-range sequences whose union is
 * exactly the UTF-8 encodings of that range (the split RE2 and regex-automata's `Utf8Sequences` use). A byte
 * automaton built from these only ever accepts valid UTF-8: no overlong forms, no surrogates, nothing above
 * U+10FFFF.
 */
export function utf8Sequences(start: number, end: number): Utf8Sequence[] {
  const out: Utf8Sequence[] = [];
  const stack: [number, number][] = [[start, end]];
  while (stack.length > 0) {
    let [lo, hi] = stack.pop()!;
    inner: for (;;) {
      if (lo > hi) break;
      // Ranges never mix encoded lengths.
      for (const max of MAX_SCALAR_BY_LENGTH) {
        if (lo <= max && max < hi) {
          stack.push([max + 1, hi]);
          hi = max;
          continue inner;
        }
      }
      if (hi <= 0x7f) {
        out.push([lo, hi]);
        break;
      }
      // Split until each continuation byte spans all of 80–BF or shares its prefix with the other end.
      for (let i = 1; i < 4; i++) {
        const mask = (1 << (6 * i)) - 1;
        if ((lo & ~mask) !== (hi & ~mask)) {
          if ((lo & mask) !== 0) {
            stack.push([(lo | mask) + 1, hi]);
            hi = lo | mask;
            continue inner;
          }
          if ((hi & mask) !== mask) {
            stack.push([hi & ~mask, hi]);
            hi = (hi & ~mask) - 1;
            continue inner;
          }
        }
      }
      const a = encodeUtf8(lo);
      const b = encodeUtf8(hi);
      const seq: Utf8Sequence = [];
      for (let i = 0; i < a.length; i++) seq.push(a[i], b[i]);
      out.push(seq);
      break;
    }
  }
  // The stack pops later pieces first; callers (and tests) expect ascending order.
  out.sort((x, y) => x[0] - y[0] || x[2] - y[2] || x[4] - y[4]);
  return out;
}

export function encodeUtf8(cp: number): number[] {
  if (cp < 0x80) return [cp];
  if (cp < 0x800) return [0xc0 | (cp >> 6), 0x80 | (cp & 0x3f)];
  if (cp < 0x10000) return [0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f)];
  return [0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f)];
}

// A class is compiled once per copy a repeat makes; its sequences are computed once.
const setCache = new WeakMap<CodePointSet, Utf8Sequence[]>();

/** The UTF-8 sequences of every scalar value in `set` (surrogates dropped), ascending. */
export function sequencesOfSet(set: CodePointSet): Utf8Sequence[] {
  let seqs = setCache.get(set);
  if (seqs === undefined) {
    seqs = [];
    const scalars = withoutSurrogates(set);
    for (let i = 0; i < scalars.length; i += 2) seqs.push(...utf8Sequences(scalars[i], scalars[i + 1]));
    setCache.set(set, seqs);
  }
  return seqs;
}
