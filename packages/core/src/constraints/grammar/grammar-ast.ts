import type { CodePointSet } from '../regex/code-point-set.js';

/** Where something starts in the grammar source (1-based, columns in code points), for error messages. */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

/** One item of a sequence. `.` and `[…]` are both classes; a string literal keeps its code points. */
export type GrammarItem =
  | { readonly type: 'literal'; readonly codePoints: readonly number[]; readonly at: SourcePosition }
  | { readonly type: 'class'; readonly set: CodePointSet; readonly at: SourcePosition }
  | { readonly type: 'ref'; readonly name: string; readonly at: SourcePosition }
  | { readonly type: 'group'; readonly alternatives: Alternatives; readonly at: SourcePosition }
  | {
      readonly type: 'repeat';
      readonly item: GrammarItem;
      readonly min: number;
      /** `Infinity` for `*`, `+` and `{m,}`. */
      readonly max: number;
      readonly at: SourcePosition;
    };

/** `a b | c`: a list of sequences; an empty sequence matches the empty string. */
export type Alternatives = readonly (readonly GrammarItem[])[];

export interface GrammarRule {
  readonly name: string;
  readonly alternatives: Alternatives;
  readonly at: SourcePosition;
}

/** A parsed GBNF grammar: its rules in source order (each name defined once). */
export interface GrammarAst {
  readonly rules: readonly GrammarRule[];
}
