import { DIGIT, setOf } from './code-point-set.js';
import { naturalRangePieces } from './integer-range.js';
import { alt, chars, EMPTY, literal, NEVER, type RegexNode, repeat, seq } from './regex-ast.js';

/** One end of a numeric interval. */
export interface Bound {
  readonly value: number;
  readonly exclusive: boolean;
}

/** Most significant digits a written number may have: all such decimals convert to distinct doubles, in order. */
export const MAX_DIGITS = 15;
/** Integer parts stay below this, so they have at most 15 digits. */
export const INTEGER_PART_LIMIT = 10 ** MAX_DIGITS;

const anyDigits = (min: number, max: number) => repeat(chars(DIGIT), min, max);

/**
 * Non-negative decimals `I` or `I.F` (no exponent, no sign) whose value lies between `lo` and `hi`, with `I` below
 * 10^15 and at most 15 digits in all. `lo.value >= 0`. Exact for these forms, with one exception kept for soundness:
 * next to an exclusive bound written with more than 15 significant digits, no fraction is produced (such a value
 * could round onto the bound).
 */
export function nonNegativeDecimals(lo: Bound, hi: Bound): RegexNode {
  if (hi.value > INTEGER_PART_LIMIT) hi = { value: INTEGER_PART_LIMIT, exclusive: true };
  if (lo.value > hi.value || (lo.value === hi.value && (lo.exclusive || hi.exclusive))) return NEVER;
  const parts: RegexNode[] = [];
  // Integers: I with lo <=/< I <=/< hi.
  const intLo = lo.exclusive ? Math.floor(lo.value) + 1 : Math.ceil(lo.value);
  const intHi = hi.exclusive ? Math.ceil(hi.value) - 1 : Math.floor(hi.value);
  parts.push(...pieces(intLo, intHi).map((p) => p.node));
  // I.F where every value in [I, I+1) is in range: lo < I and I + 1 <= hi.
  for (const p of pieces(Math.floor(lo.value) + 1, Math.floor(hi.value) - 1)) {
    if (p.digits < MAX_DIGITS) parts.push(seq(p.node, literal('.'), anyDigits(1, MAX_DIGITS - p.digits)));
  }
  // I.F for the integer parts the bounds cut through: the fraction is compared digit by digit.
  const lowI = Math.floor(lo.value);
  const highI = Math.floor(hi.value);
  for (const i of lowI === highI ? [lowI] : [lowI, highI]) {
    const digits = String(i).length;
    if (digits >= MAX_DIGITS) continue;
    const lower = i === lowI ? fractionBound(lo) : undefined;
    const upper = i === highI ? fractionBound(hi) : undefined;
    if (lower === null || upper === null) continue;
    parts.push(seq(literal(String(i)), literal('.'), fractions(lower, upper, MAX_DIGITS - digits, false)));
  }
  return alt(...parts);
}

function pieces(lo: number, hi: number) {
  if (lo > hi) return [];
  return naturalRangePieces(BigInt(Math.max(lo, 0)), BigInt(hi));
}

/** A bound's fraction digits, with its exclusivity; null when too precise to compare safely. */
interface FractionBound {
  readonly digits: string;
  readonly strict: boolean;
}

function fractionBound(bound: Bound): FractionBound | null {
  const { integer, fraction } = decimalDigits(bound.value);
  const significant = (integer === '0' ? '' : integer) + fraction;
  if (bound.exclusive && significant.replace(/^0+/, '').length > MAX_DIGITS) return null;
  return { digits: fraction, strict: bound.exclusive };
}

/** The exact decimal digits of a non-negative double's shortest representation. */
export function decimalDigits(x: number): { integer: string; fraction: string } {
  const [mantissa, exp = '0'] = x.toString().split('e');
  const [int, frac = ''] = mantissa.split('.');
  const shift = Number(exp);
  const all = int + frac;
  const point = int.length + shift;
  if (point <= 0) return { integer: '0', fraction: '0'.repeat(-point) + all };
  if (point >= all.length) return { integer: all + '0'.repeat(point - all.length), fraction: '' };
  return { integer: all.slice(0, point), fraction: all.slice(point) };
}

const allZeros = (digits: string) => /^0*$/.test(digits);

/**
 * Digit strings F of length 0..k (at least 1 unless `allowEmpty`) with `0.F` above `lower` and below `upper` (either
 * may be undefined: no bound), comparing digit by digit as decimals (trailing zeros implied).
 */
function fractions(
  lower: FractionBound | undefined,
  upper: FractionBound | undefined,
  k: number,
  allowEmpty: boolean,
) {
  const options: RegexNode[] = [];
  // Stopping here means all further digits are zero.
  const zerosOk =
    (lower === undefined || (allZeros(lower.digits) && !lower.strict)) &&
    (upper === undefined || !upper.strict || !allZeros(upper.digits));
  if (allowEmpty && zerosOk) options.push(EMPTY);
  if (k === 0) return alt(...options);
  if (lower === undefined && upper === undefined) return alt(...options, anyDigits(allowEmpty ? 0 : 1, k));
  const b0 = lower ? Number(lower.digits[0] ?? '0') : 0;
  const c0 = upper ? Number(upper.digits[0] ?? '0') : 9;
  const tail = (bound: FractionBound) => ({ digits: bound.digits.slice(1), strict: bound.strict });
  // Digits strictly between the two leading digits leave both bounds behind.
  const freeFrom = lower ? b0 + 1 : 0;
  const freeTo = upper ? c0 - 1 : 9;
  if (freeFrom <= freeTo) options.push(seq(chars(setOf([48 + freeFrom, 48 + freeTo])), anyDigits(0, k - 1)));
  if (lower && upper && b0 === c0) {
    options.push(seq(literal(String(b0)), fractions(tail(lower), tail(upper), k - 1, true)));
  } else {
    if (lower && b0 <= c0)
      options.push(seq(literal(String(b0)), fractions(tail(lower), undefined, k - 1, true)));
    if (upper && c0 >= b0)
      options.push(seq(literal(String(c0)), fractions(undefined, tail(upper), k - 1, true)));
  }
  return alt(...options);
}
