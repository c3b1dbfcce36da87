import { DIGIT, setOf } from './code-point-set.js';
import { alt, chars, literal, NEVER, type RegexNode, repeat, seq } from './regex-ast.js';

/** Natural numbers of one digit count, as a regex over their canonical decimal form. */
export interface DigitRangePiece {
  readonly digits: number;
  readonly node: RegexNode;
}

const digitRange = (from: number, to: number): RegexNode => chars(setOf([48 + from, 48 + to])); // '0' is code point 48
const anyDigits = (n: number): RegexNode => repeat(chars(DIGIT), n, n);

/**
 * Canonical decimals (no leading zeros) of the naturals in [lo, hi], split by digit count — the classic digit-range
 * decomposition. `0 <= lo`; an empty list when `lo > hi`.
 */
export function naturalRangePieces(lo: bigint, hi: bigint): DigitRangePiece[] {
  const pieces: DigitRangePiece[] = [];
  if (lo < 0n || lo > hi) return pieces;
  for (let digits = lo.toString().length; digits <= hi.toString().length; digits++) {
    const first = digits === 1 ? 0n : 10n ** BigInt(digits - 1);
    const last = 10n ** BigInt(digits) - 1n;
    const from = lo > first ? lo : first;
    const to = hi < last ? hi : last;
    if (from <= to) pieces.push({ digits, node: sameLength(from.toString(), to.toString()) });
  }
  return pieces;
}

/** Digit strings of one length between `x` and `y` (inclusive, `x <= y`), leading zeros allowed. */
function sameLength(x: string, y: string): RegexNode {
  if (x === y) return literal(x);
  const x0 = Number(x[0]);
  const y0 = Number(y[0]);
  if (x.length === 1) return digitRange(x0, y0);
  const xRest = x.slice(1);
  const yRest = y.slice(1);
  if (x0 === y0) return seq(literal(x[0]), sameLength(xRest, yRest));
  const n = x.length - 1;
  const xFromZero = /^0*$/.test(xRest);
  const yToNine = /^9*$/.test(yRest);
  const parts: RegexNode[] = [];
  if (!xFromZero) parts.push(seq(literal(x[0]), sameLength(xRest, '9'.repeat(n))));
  const midFrom = xFromZero ? x0 : x0 + 1;
  const midTo = yToNine ? y0 : y0 - 1;
  if (midFrom <= midTo) parts.push(seq(digitRange(midFrom, midTo), anyDigits(n)));
  if (!yToNine) parts.push(seq(literal(y[0]), sameLength('0'.repeat(n), yRest)));
  return alt(...parts);
}

/** Canonical JSON integers (no leading zeros, no `-0`) in [lo, hi]; NEVER when the range is empty. */
export function integerRange(lo: bigint, hi: bigint): RegexNode {
  if (lo > hi) return NEVER;
  const parts: RegexNode[] = [];
  const negativeTop = hi < -1n ? hi : -1n;
  if (lo <= negativeTop) {
    parts.push(seq(literal('-'), alt(...naturalRangePieces(-negativeTop, -lo).map((p) => p.node))));
  }
  const naturalBottom = lo > 0n ? lo : 0n;
  parts.push(...naturalRangePieces(naturalBottom, hi).map((p) => p.node));
  return alt(...parts);
}
