import { anyJsonString } from './json-string.js';
import { ANY_NUMBER } from './number-regex.js';
import { alt, literal, optional, type RegexNode, repeat, seq } from './regex-ast.js';

/** The separators of the chosen whitespace style. */
export interface Separators {
  readonly colon: RegexNode;
  readonly comma: RegexNode;
}

const SCALAR = alt(anyJsonString(), ANY_NUMBER, literal('true'), literal('false'), literal('null'));

/** `open item (comma item)* close`, or just `open close`. */
export function delimitedList(open: string, item: RegexNode, close: string, comma: RegexNode): RegexNode {
  return seq(literal(open), optional(seq(item, repeat(seq(comma, item), 0, null))), literal(close));
}

/**
 * Any JSON value with objects and arrays nested at most `depth` levels (0: scalars only). Keys and strings are
 * arbitrary JSON strings; numbers are `ANY_NUMBER`.
 */
export function anyJsonValue(depth: number, sep: Separators): RegexNode {
  if (depth <= 0) return SCALAR;
  return alt(SCALAR, anyJsonObject(depth, sep), anyJsonArray(depth, sep));
}

/** Any JSON object whose values nest at most `depth - 1` further levels. */
export function anyJsonObject(depth: number, sep: Separators): RegexNode {
  return delimitedList('{', seq(anyJsonString(), sep.colon, anyJsonValue(depth - 1, sep)), '}', sep.comma);
}

/** Any JSON array whose items nest at most `depth - 1` further levels. */
export function anyJsonArray(depth: number, sep: Separators): RegexNode {
  return delimitedList('[', anyJsonValue(depth - 1, sep), ']', sep.comma);
}
