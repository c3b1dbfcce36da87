/**
 * Sets of Unicode code points as sorted, disjoint, non-adjacent inclusive ranges. Surrogates (U+D800–U+DFFF) are
 * never members: the regexes built here describe UTF-8 text, which cannot hold them.
 */
export type CodePointSet = readonly (readonly [number, number])[];

export const MAX_CODE_POINT = 0x10ffff;
const SURROGATES: CodePointSet = [[0xd800, 0xdfff]];

/** Sorts, merges and drops surrogates. */
export function normalizeSet(ranges: readonly (readonly [number, number])[]): CodePointSet {
  const sorted = ranges.filter(([lo, hi]) => lo <= hi).sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [lo, hi] of sorted) {
    const last = merged[merged.length - 1];
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else merged.push([lo, hi]);
  }
  return rawSubtract(merged, SURROGATES);
}

function rawSubtract(a: CodePointSet, b: CodePointSet): CodePointSet {
  const out: [number, number][] = [];
  for (const [lo0, hi] of a) {
    let lo = lo0;
    for (const [blo, bhi] of b) {
      if (bhi < lo || blo > hi) continue;
      if (blo > lo) out.push([lo, blo - 1]);
      lo = bhi + 1;
      if (lo > hi) break;
    }
    if (lo <= hi) out.push([lo, hi]);
  }
  return out;
}

export function setOf(...items: (string | readonly [number, number])[]): CodePointSet {
  const ranges: [number, number][] = [];
  for (const item of items) {
    if (typeof item === 'string')
      for (const ch of item) ranges.push([ch.codePointAt(0)!, ch.codePointAt(0)!]);
    else ranges.push([item[0], item[1]]);
  }
  return normalizeSet(ranges);
}

export function union(...sets: CodePointSet[]): CodePointSet {
  return normalizeSet(sets.flat());
}

export function subtract(a: CodePointSet, b: CodePointSet): CodePointSet {
  return normalizeSet(rawSubtract(a, b));
}

export function complement(a: CodePointSet): CodePointSet {
  return subtract(ANY_CHAR, a);
}

export function intersect(a: CodePointSet, b: CodePointSet): CodePointSet {
  return subtract(a, complement(b));
}

export function setSize(a: CodePointSet): number {
  return a.reduce((n, [lo, hi]) => n + hi - lo + 1, 0);
}

export function setHas(a: CodePointSet, cp: number): boolean {
  return a.some(([lo, hi]) => cp >= lo && cp <= hi);
}

export function setsEqual(a: CodePointSet, b: CodePointSet): boolean {
  return a.length === b.length && a.every(([lo, hi], i) => lo === b[i][0] && hi === b[i][1]);
}

/** Every code point (surrogates excluded). */
export const ANY_CHAR: CodePointSet = normalizeSet([[0, MAX_CODE_POINT]]);
/** ECMAScript `\d`. */
export const DIGIT: CodePointSet = setOf(['0'.charCodeAt(0), '9'.charCodeAt(0)]);
/** ECMAScript `\w` (u flag, no i flag). */
export const WORD: CodePointSet = setOf([0x30, 0x39], [0x41, 0x5a], [0x61, 0x7a], '_');
/** ECMAScript `\s`: WhiteSpace and LineTerminator. */
export const SPACE: CodePointSet = setOf(
  [0x09, 0x0d],
  [0x20, 0x20],
  [0xa0, 0xa0],
  [0x1680, 0x1680],
  [0x2000, 0x200a],
  [0x2028, 0x2029],
  [0x202f, 0x202f],
  [0x205f, 0x205f],
  [0x3000, 0x3000],
  [0xfeff, 0xfeff],
);
/** ECMAScript `.` without the s flag: anything but a line terminator. */
export const DOT: CodePointSet = complement(setOf('\n', '\r', [0x2028, 0x2029]));
/** Characters a JSON string may hold unescaped: not `"`, `\` or a control character U+0000–U+001F. */
export const JSON_UNESCAPED: CodePointSet = complement(setOf([0, 0x1f], '"', '\\'));
