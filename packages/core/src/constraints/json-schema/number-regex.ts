import { DIGIT, setOf } from './code-point-set.js';
import { type Bound, INTEGER_PART_LIMIT, MAX_DIGITS, nonNegativeDecimals } from './decimal-range.js';
import { integerRange } from './integer-range.js';
import { alt, chars, literal, NEVER, type RegexNode, repeat, seq } from './regex-ast.js';

/**
 * Integer parts are kept to at most 15 digits where no bound limits them, and a bounded number's digits (integer
 * part plus fraction) to 15 in all: every such decimal converts to a distinct double, in order, so no value can round
 * onto or past a bound, and integers stay exact.
 */
const MAX_SIGNIFICANT_DIGITS = MAX_DIGITS;
const CAP = BigInt(INTEGER_PART_LIMIT) - 1n;

const digit = chars(DIGIT);
const positiveUnbounded = seq(chars(setOf('123456789')), repeat(digit, 0, MAX_SIGNIFICANT_DIGITS - 1));
const optionalMinus = repeat(literal('-'), 0, 1);

/** Any JSON integer with at most 15 digits, without `-0`: `0|-?[1-9][0-9]{0,14}`. */
export const ANY_INTEGER: RegexNode = alt(literal('0'), seq(optionalMinus, positiveUnbounded));

/**
 * Any JSON number with an integer part of at most 15 digits, a fraction of at most 15 and an exponent of at most
 * two digits, so it always parses to a finite double.
 */
export const ANY_NUMBER: RegexNode = seq(
  optionalMinus,
  alt(literal('0'), positiveUnbounded),
  repeat(seq(literal('.'), repeat(digit, 1, MAX_SIGNIFICANT_DIGITS)), 0, 1),
  repeat(seq(chars(setOf('eE')), repeat(chars(setOf('+-')), 0, 1), repeat(digit, 1, 2)), 0, 1),
);

/** Numeric bounds as JSON Schema gives them (2019-09 / 2020-12: exclusive bounds are numbers). */
export interface NumericBounds {
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
}

const hasBounds = (b: NumericBounds) =>
  b.minimum !== undefined ||
  b.maximum !== undefined ||
  b.exclusiveMinimum !== undefined ||
  b.exclusiveMaximum !== undefined;

/** [lo, hi] (integers or infinities) cut to the 15-digit cap, as bigints; null when nothing is left. */
function capRange(lo: number, hi: number): [bigint, bigint] | null {
  const cap = Number(CAP);
  const from = lo < -cap ? -CAP : lo > cap ? CAP + 1n : BigInt(lo);
  const to = hi > cap ? CAP : hi < -cap ? -CAP - 1n : BigInt(hi);
  return from <= to ? [from, to] : null;
}
const maxOf = (xs: number[]) => Math.max(...xs);
const minOf = (xs: number[]) => Math.min(...xs);

/**
 * JSON integers within the bounds. Exact for any bounds (non-integer bounds round inwards), apart from the 15-digit
 * cap on unbounded sides. NEVER when no integer fits.
 */
export function boundedInteger(b: NumericBounds): RegexNode {
  if (!hasBounds(b)) return ANY_INTEGER;
  const lo = maxOf([-Infinity, ceil(b.minimum), floorPlusOne(b.exclusiveMinimum)]);
  const hi = minOf([Infinity, floor(b.maximum), ceilMinusOne(b.exclusiveMaximum)]);
  const range = capRange(lo, hi);
  return range ? integerRange(range[0], range[1]) : NEVER;
}

/**
 * JSON numbers within the bounds, without exponent: integers and `I.F` decimals of either sign, at most 15 digits in
 * all (integer part below 10^15). Exact for those forms, whatever the bounds (see `nonNegativeDecimals`).
 */
export function boundedNumber(b: NumericBounds): RegexNode {
  if (!hasBounds(b)) return ANY_NUMBER;
  const low = tighter(b.minimum, b.exclusiveMinimum, (x, y) => x > y);
  const high = tighter(b.maximum, b.exclusiveMaximum, (x, y) => x < y);
  const limit = { value: INTEGER_PART_LIMIT, exclusive: true };
  // Non-negative values are written as is; v >= 0 and the bounds.
  const positive =
    low && low.value >= 0
      ? nonNegativeDecimals(low, high ?? limit)
      : nonNegativeDecimals(ZERO, high ?? limit);
  // Negative values -m: m <= -low, m >= -high, and m > 0 (no "-0").
  const negHigh = low ? { value: -low.value, exclusive: low.exclusive } : limit;
  const negLow = high && high.value < 0 ? { value: -high.value, exclusive: high.exclusive } : ABOVE_ZERO;
  const negative = negHigh.value >= 0 ? seq(literal('-'), nonNegativeDecimals(negLow, negHigh)) : NEVER;
  return alt(positive, negative);
}

const ZERO: Bound = { value: 0, exclusive: false };
const ABOVE_ZERO: Bound = { value: 0, exclusive: true };

/** The tighter of an inclusive and an exclusive bound (exclusive wins a tie). */
function tighter(
  inclusive: number | undefined,
  exclusive: number | undefined,
  beats: (x: number, y: number) => boolean,
) {
  if (inclusive === undefined && exclusive === undefined) return undefined;
  if (exclusive === undefined) return { value: inclusive!, exclusive: false };
  if (inclusive === undefined || !beats(inclusive, exclusive)) return { value: exclusive, exclusive: true };
  return { value: inclusive, exclusive: false };
}

const ceil = (x: number | undefined) => (x === undefined ? -Infinity : Math.ceil(x));
const floor = (x: number | undefined) => (x === undefined ? Infinity : Math.floor(x));
const floorPlusOne = (x: number | undefined) => (x === undefined ? -Infinity : Math.floor(x) + 1);
const ceilMinusOne = (x: number | undefined) => (x === undefined ? Infinity : Math.ceil(x) - 1);
