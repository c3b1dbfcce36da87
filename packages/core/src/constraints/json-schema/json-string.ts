import { intersect, JSON_UNESCAPED, setOf, subtract } from './code-point-set.js';
import { alt, chars, literal, type RegexNode, repeat, seq } from './regex-ast.js';

const HEX = setOf(
  ['0'.charCodeAt(0), '9'.charCodeAt(0)],
  ['a'.charCodeAt(0), 'f'.charCodeAt(0)],
  [0x41, 0x46],
);

// `\uXXXX` naming a surrogate is left out: a pair of them is one code point, which would break length counting.
const UNICODE_ESCAPE = seq(
  literal('\\u'),
  alt(
    seq(chars(subtract(HEX, setOf('dD'))), repeat(chars(HEX), 3, 3)),
    seq(chars(setOf('dD')), chars(setOf(['0'.charCodeAt(0), '7'.charCodeAt(0)])), repeat(chars(HEX), 2, 2)),
  ),
);

/** One character of a JSON string's contents, in any of its encodings (raw, short escape, `\uXXXX`). */
export const JSON_STRING_CHAR: RegexNode = alt(
  chars(JSON_UNESCAPED),
  seq(literal('\\'), chars(setOf('"\\/bfnrt'))),
  UNICODE_ESCAPE,
);

/** A JSON string whose value has between `min` and `max` code points (`max` null: unbounded). */
export function anyJsonString(min = 0, max: number | null = null): RegexNode {
  return seq(literal('"'), repeat(JSON_STRING_CHAR, min, max), literal('"'));
}

/** The contents of `text` as JSON.stringify writes them (without the quotes). */
export const jsonEscape = (text: string): string => JSON.stringify(text).slice(1, -1);

/**
 * Maps a regex over string *values* to a regex over their JSON encodings, character by character, using the
 * encoding JSON.stringify writes: characters that need no escape stay raw, the others become their canonical escape.
 */
export function encodeJsonContents(node: RegexNode): RegexNode {
  switch (node.kind) {
    case 'literal':
      return literal(jsonEscape(node.text));
    case 'chars': {
      const raw = intersect(node.set, JSON_UNESCAPED);
      const escaped: RegexNode[] = [];
      for (const [lo, hi] of subtract(node.set, JSON_UNESCAPED)) {
        for (let cp = lo; cp <= hi; cp++) escaped.push(literal(jsonEscape(String.fromCodePoint(cp))));
      }
      return alt(chars(raw), ...escaped);
    }
    case 'seq':
      return seq(...node.items.map(encodeJsonContents));
    case 'alt':
      return alt(...node.options.map(encodeJsonContents));
    case 'repeat':
      return repeat(encodeJsonContents(node.node), node.min, node.max);
  }
}

/** A JSON string whose decoded value matches the value-level regex `value`. */
export function jsonStringOf(value: RegexNode): RegexNode {
  return seq(literal('"'), encodeJsonContents(value), literal('"'));
}
