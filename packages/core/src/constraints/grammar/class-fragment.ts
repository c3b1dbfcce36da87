import type { CodePointSet } from '../regex/code-point-set.js';
import { encodeUtf8, sequencesOfSet } from '../regex/utf8-sequences.js';
import type { ProgramBuilder } from './grammar-program.js';

/**
 * Compiles a set of code points to byte-level positions leading to `next`: the set's UTF-8 byte-range
 * sequences, with sequences that differ only in their first byte merged into one byte set and shared tails
 * built once. `[^"\\]` becomes 8 entry positions (ASCII, then one per UTF-8 lead-byte shape), not 11 chains.
 * Returns the entry position (a dead-end Split when the set is empty).
 */
export function compileClass(b: ProgramBuilder, set: CodePointSet, next: number): number {
  if (set.length === 2 && set[0] === set[1]) return compileBytes(b, encodeUtf8(set[0]), next);
  const tails = new Map<string, number>();
  // The position reading ranges[from..] then going to `next`, built once per distinct tail.
  const chain = (ranges: number[], from: number): number => {
    if (from >= ranges.length) return next;
    const key = ranges.slice(from).join(',');
    let entry = tails.get(key);
    if (entry === undefined) {
      entry = b.term(b.byteSet([ranges[from], ranges[from + 1]]), chain(ranges, from + 2));
      tails.set(key, entry);
    }
    return entry;
  };
  const firstRanges = new Map<string, { ranges: number[]; tail: number[] }>();
  for (const seq of sequencesOfSet(set)) {
    const tailKey = seq.slice(2).join(',');
    let group = firstRanges.get(tailKey);
    if (group === undefined) {
      group = { ranges: [], tail: seq.slice(2) };
      firstRanges.set(tailKey, group);
    }
    group.ranges.push(seq[0], seq[1]);
  }
  const entries: number[] = [];
  for (const { ranges, tail } of firstRanges.values())
    entries.push(b.term(b.byteSet(ranges), chain(tail, 0)));
  return b.split(entries);
}

/** A fixed byte string: one Term per byte. */
export function compileBytes(b: ProgramBuilder, bytes: readonly number[], next: number): number {
  let entry = next;
  for (let i = bytes.length - 1; i >= 0; i--) entry = b.term(b.byteSet([bytes[i], bytes[i]]), entry);
  return entry;
}
