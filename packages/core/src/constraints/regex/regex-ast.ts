import type { CodePointSet } from './code-point-set.js';

/**
 * A parsed pattern, reduced to what membership needs: groups disappear (captures do not change which strings
 * match), lazy quantifiers become greedy, and every character, class and escape becomes a code-point set.
 */
export type RegexNode =
  | { readonly kind: 'empty' }
  | { readonly kind: 'set'; readonly set: CodePointSet }
  | { readonly kind: 'concat'; readonly items: readonly RegexNode[] }
  | { readonly kind: 'alt'; readonly items: readonly RegexNode[] }
  /** `max` is `Infinity` for `*`, `+` and `{m,}`. */
  | { readonly kind: 'repeat'; readonly item: RegexNode; readonly min: number; readonly max: number }
  /** `^` (start of the output) and `$` (end of the output): the pattern never runs in multiline mode. */
  | { readonly kind: 'assert'; readonly at: 'start' | 'end' };

export const EMPTY: RegexNode = { kind: 'empty' };
