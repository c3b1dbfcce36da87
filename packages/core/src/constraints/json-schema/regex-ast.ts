import type { CodePointSet } from './code-point-set.js';

/**
 * The small regular-expression tree the JSON-Schema compiler builds. It is rendered to ECMAScript source
 * (`renderRegex`) for the mask engine, and sampled from (`sampleRegex`) to test that every string it admits is valid.
 * An `alt` with no options matches nothing ("never"); a `seq` with no items matches the empty string.
 */
export type RegexNode =
  | { readonly kind: 'literal'; readonly text: string }
  | { readonly kind: 'chars'; readonly set: CodePointSet }
  | { readonly kind: 'seq'; readonly items: readonly RegexNode[] }
  | { readonly kind: 'alt'; readonly options: readonly RegexNode[] }
  | { readonly kind: 'repeat'; readonly node: RegexNode; readonly min: number; readonly max: number | null };

export const NEVER: RegexNode = { kind: 'alt', options: [] };
export const EMPTY: RegexNode = { kind: 'seq', items: [] };

export const isNever = (node: RegexNode): boolean => node.kind === 'alt' && node.options.length === 0;
const isEmpty = (node: RegexNode): boolean =>
  (node.kind === 'seq' && node.items.length === 0) || (node.kind === 'literal' && node.text === '');

export function literal(text: string): RegexNode {
  return text === '' ? EMPTY : { kind: 'literal', text };
}

/** One code point from `set`; an empty set is NEVER. */
export function chars(set: CodePointSet): RegexNode {
  if (set.length === 0) return NEVER;
  if (set.length === 1 && set[0][0] === set[0][1]) return literal(String.fromCodePoint(set[0][0]));
  return { kind: 'chars', set };
}

/** Concatenation: flattens, drops empties, joins adjacent literals; NEVER if any part is NEVER. */
export function seq(...parts: RegexNode[]): RegexNode {
  const items: RegexNode[] = [];
  for (const part of parts) {
    if (isNever(part)) return NEVER;
    for (const item of part.kind === 'seq' ? part.items : [part]) {
      if (isEmpty(item)) continue;
      const last = items[items.length - 1];
      if (item.kind === 'literal' && last?.kind === 'literal')
        items[items.length - 1] = literal(last.text + item.text);
      else items.push(item);
    }
  }
  return items.length === 1 ? items[0] : { kind: 'seq', items };
}

/** Alternation: flattens, drops NEVER options and repeated literals. */
export function alt(...parts: RegexNode[]): RegexNode {
  const options: RegexNode[] = [];
  const seen = new Set<string>();
  for (const part of parts) {
    for (const option of part.kind === 'alt' ? part.options : [part]) {
      if (option.kind === 'literal') {
        if (seen.has(option.text)) continue;
        seen.add(option.text);
      }
      options.push(option);
    }
  }
  return options.length === 1 ? options[0] : { kind: 'alt', options };
}

/** `node{min,max}` (`max` null: unbounded). */
export function repeat(node: RegexNode, min: number, max: number | null): RegexNode {
  if (max !== null && max < min) return NEVER;
  if (max === 0 || isEmpty(node)) return EMPTY;
  if (isNever(node)) return min === 0 ? EMPTY : NEVER;
  if (min === 1 && max === 1) return node;
  return { kind: 'repeat', node, min, max };
}

export const optional = (node: RegexNode): RegexNode => repeat(node, 0, 1);

/** Lowest and highest number of code points a match can have (`max` null: unbounded). NEVER gives min Infinity. */
export function lengthBounds(node: RegexNode): { min: number; max: number | null } {
  switch (node.kind) {
    case 'literal': {
      const n = [...node.text].length;
      return { min: n, max: n };
    }
    case 'chars':
      return { min: 1, max: 1 };
    case 'seq':
      return node.items.map(lengthBounds).reduce(
        (acc, b) => ({
          min: acc.min + b.min,
          max: acc.max === null || b.max === null ? null : acc.max + b.max,
        }),
        { min: 0, max: 0 as number | null },
      );
    case 'alt': {
      if (node.options.length === 0) return { min: Number.POSITIVE_INFINITY, max: 0 };
      const bounds = node.options.map(lengthBounds);
      return {
        min: Math.min(...bounds.map((b) => b.min)),
        max: bounds.some((b) => b.max === null) ? null : Math.max(...bounds.map((b) => b.max as number)),
      };
    }
    case 'repeat': {
      const inner = lengthBounds(node.node);
      const max =
        node.max === null || inner.max === null ? (inner.max === 0 ? 0 : null) : inner.max * node.max;
      return { min: inner.min * node.min, max };
    }
  }
}
