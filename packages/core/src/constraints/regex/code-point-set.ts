/**
 * A set of Unicode code points as sorted, disjoint, non-adjacent inclusive ranges: `[lo0, hi0, lo1, hi1, …]`.
 * Every class in a pattern (a literal, `[…]`, `\d`, `.`) becomes one of these before it is compiled to UTF-8.
 */
export type CodePointSet = readonly number[];

export const MAX_CODE_POINT = 0x10ffff;

/** Sorts and merges arbitrary (possibly overlapping) ranges into a {@link CodePointSet}. */
export function normalizeRanges(ranges: readonly number[]): CodePointSet {
  const pairs: [number, number][] = [];
  for (let i = 0; i < ranges.length; i += 2) pairs.push([ranges[i], ranges[i + 1]]);
  pairs.sort((a, b) => a[0] - b[0]);
  const out: number[] = [];
  for (const [lo, hi] of pairs) {
    const last = out.length - 1;
    // Adjacent ranges merge too, so equal sets always have equal representations.
    if (last > 0 && lo <= out[last] + 1) out[last] = Math.max(out[last], hi);
    else out.push(lo, hi);
  }
  return out;
}

export function singleton(codePoint: number): CodePointSet {
  return [codePoint, codePoint];
}

export function union(...sets: CodePointSet[]): CodePointSet {
  return normalizeRanges(sets.flat());
}

/** Every code point (0…U+10FFFF) not in `set`. */
export function complement(set: CodePointSet): CodePointSet {
  const out: number[] = [];
  let next = 0;
  for (let i = 0; i < set.length; i += 2) {
    if (set[i] > next) out.push(next, set[i] - 1);
    next = set[i + 1] + 1;
  }
  if (next <= MAX_CODE_POINT) out.push(next, MAX_CODE_POINT);
  return out;
}

/** `set` without the surrogates U+D800–U+DFFF, which UTF-8 cannot encode (output is always valid UTF-8). */
export function withoutSurrogates(set: CodePointSet): CodePointSet {
  const out: number[] = [];
  for (let i = 0; i < set.length; i += 2) {
    const lo = set[i];
    const hi = set[i + 1];
    if (hi < 0xd800 || lo > 0xdfff) {
      out.push(lo, hi);
      continue;
    }
    if (lo < 0xd800) out.push(lo, 0xd7ff);
    if (hi > 0xdfff) out.push(0xe000, hi);
  }
  return out;
}

export function contains(set: CodePointSet, codePoint: number): boolean {
  for (let i = 0; i < set.length; i += 2) {
    if (codePoint < set[i]) return false;
    if (codePoint <= set[i + 1]) return true;
  }
  return false;
}

// The ECMAScript definitions (without the `i` flag): `\d`, `\w`, and `\s` = WhiteSpace ∪ LineTerminator.
export const DIGIT: CodePointSet = [0x30, 0x39];
export const WORD: CodePointSet = [0x30, 0x39, 0x41, 0x5a, 0x5f, 0x5f, 0x61, 0x7a];
export const SPACE: CodePointSet = normalizeRanges([
  0x09, 0x0d, 0x20, 0x20, 0xa0, 0xa0, 0x1680, 0x1680, 0x2000, 0x200a, 0x2028, 0x2029, 0x202f, 0x202f, 0x205f,
  0x205f, 0x3000, 0x3000, 0xfeff, 0xfeff,
]);
/** What `.` matches without the `s` flag: everything but the line terminators \n, \r, U+2028, U+2029. */
export const DOT: CodePointSet = complement([0x0a, 0x0a, 0x0d, 0x0d, 0x2028, 0x2029]);
export const ANY: CodePointSet = [0, MAX_CODE_POINT];
