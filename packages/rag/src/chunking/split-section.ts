import { type BreakPoints, breakPoints } from './break-points.js';
import { lastFitting } from './last-fitting.js';

/** A chunk's span in the document's text: trimmed, so `text.slice(start, end)` has no outer whitespace. */
export interface Span {
  start: number;
  end: number;
  tokens: number;
}

interface SplitLimits {
  countTokens: (text: string) => number;
  maxTokens: number;
  overlapTokens: number;
}

/**
 * Splits `text[from, to)` into spans of at most `maxTokens`. Each span ends at the strongest break (paragraph,
 * line, sentence, word) in the back half of what fits, so structure wins over filling every token; a word too
 * long to fit is cut between code points. Consecutive spans overlap by up to `overlapTokens`, starting the
 * repeated part at a word (or stronger) break.
 */
export function splitSection(
  text: string,
  from: number,
  to: number,
  limits: SplitLimits,
  pageStarts: number[] = [],
): Span[] {
  const breaks = breakPoints(text, from, to, pageStarts);
  const tokensOf = (start: number, end: number) => limits.countTokens(text.slice(start, end).trimEnd());
  const fits = (start: number, end: number) => tokensOf(start, end) <= limits.maxTokens;
  const spans: Span[] = [];
  let start = skipSpace(text, from, to);
  let previousEnd = start;
  while (start < to) {
    let end = chunkEnd(text, breaks, start, previousEnd, to, fits);
    if (end === undefined) {
      // The overlap left no room for anything new: start this chunk where the last one ended instead.
      start = skipSpace(text, previousEnd, to);
      if (start >= to) break;
      end = chunkEnd(text, breaks, start, start, to, fits)!;
    }
    const trimmedEnd = start + text.slice(start, end).trimEnd().length;
    spans.push({ start, end: trimmedEnd, tokens: tokensOf(start, trimmedEnd) });
    // Later chunks must reach past `end` (not just `trimmedEnd`), or one could add only whitespace.
    previousEnd = end;
    if (skipSpace(text, end, to) >= to) break;
    start = overlapStart(breaks, start, end, trimmedEnd, limits, tokensOf) ?? skipSpace(text, end, to);
  }
  return spans;
}

/** Where the chunk from `start` ends: after `previousEnd`, as far as fits, at the strongest break near the end. */
function chunkEnd(
  text: string,
  breaks: BreakPoints,
  start: number,
  previousEnd: number,
  to: number,
  fits: (start: number, end: number) => boolean,
): number | undefined {
  const { positions, strengths } = breaks;
  const first = firstAfter(positions, previousEnd);
  const last = lastFitting(first, positions.length - 1, (i) => fits(start, positions[i]));
  if (last < first) return cutWord(text, start, Math.max(previousEnd, start), positions[first] ?? to, fits);
  const furthest = positions[last];
  // Prefer the strongest break in the back half; among equals, the furthest.
  const halfway = start + (furthest - start) / 2;
  let best = last;
  for (let i = last - 1; i >= first && positions[i] >= halfway; i--) {
    if (strengths[i] > strengths[best]) best = i;
  }
  return positions[best];
}

/** A word longer than a chunk: cut at the last code point boundary that fits (at least one code point). */
function cutWord(
  text: string,
  start: number,
  after: number,
  limit: number,
  fits: (start: number, end: number) => boolean,
): number | undefined {
  const end = lastFitting(after + 1, limit, (position) => fits(start, position));
  if (end < after + 1) {
    if (after > start) return undefined;
    return start + codePointLength(text, start);
  }
  if (!isInsidePair(text, end)) return end;
  // Never between the halves of a surrogate pair: back off one unit, or take the whole pair if that is all.
  return end - 1 > after ? end - 1 : end + 1;
}

/** The earliest break inside the chunk whose tail (to `end`) fits in `overlapTokens`, nudged to a strong break. */
function overlapStart(
  breaks: BreakPoints,
  start: number,
  end: number,
  trimmedEnd: number,
  limits: SplitLimits,
  tokensOf: (start: number, end: number) => number,
): number | undefined {
  if (limits.overlapTokens === 0) return undefined;
  const { positions, strengths } = breaks;
  const lo = firstAfter(positions, start);
  const hi = firstAfter(positions, end - 1) - 1;
  if (hi < lo) return undefined;
  // Tails get shorter as the index grows, so "fits" holds for a suffix: search it mirrored as a prefix.
  const mirrored = lastFitting(
    0,
    hi - lo,
    (k) => tokensOf(positions[hi - k], trimmedEnd) <= limits.overlapTokens,
  );
  if (mirrored < 0) return undefined;
  let best = hi - mirrored;
  // A sentence (or stronger) start keeps the repeated part readable; worth giving up to half of it.
  const half = positions[best] + (trimmedEnd - positions[best]) / 2;
  for (let i = best + 1; i <= hi && positions[i] <= half; i++) {
    if (strengths[i] > strengths[best]) best = i;
  }
  return positions[best] < trimmedEnd ? positions[best] : undefined;
}

/** Index of the first position greater than `value` (positions are sorted). */
function firstAfter(positions: number[], value: number): number {
  let lo = 0;
  let hi = positions.length;
  while (lo < hi) {
    const middle = (lo + hi) >> 1;
    if (positions[middle] <= value) lo = middle + 1;
    else hi = middle;
  }
  return lo;
}

function skipSpace(text: string, from: number, to: number): number {
  let position = from;
  while (position < to && /\s/.test(text[position])) position++;
  return position;
}

function isInsidePair(text: string, position: number): boolean {
  const before = text.charCodeAt(position - 1);
  const after = text.charCodeAt(position);
  return before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff;
}

function codePointLength(text: string, position: number): number {
  return (text.codePointAt(position) ?? 0) > 0xffff ? 2 : 1;
}
