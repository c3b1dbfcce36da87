import { type ByteClasses, byteClassesOfSets } from '../regex/byte-classes.js';
import { checkReferences } from './check-references.js';
import type { GrammarProgram } from './grammar-program.js';
import { checkLeftRecursion, nullableRules } from './left-recursion.js';
import { lowerGrammar } from './lower-grammar.js';
import { parseGbnf } from './parse-gbnf.js';
import { computeClosures, type PositionClosures } from './position-closures.js';
import { productivePositions } from './productivity.js';

/** Limits for {@link compileGrammar}. */
export interface CompileGrammarOptions {
  /** Positions the lowered grammar may have (bounded repetitions copy their item). Default 500,000. */
  maxPositions?: number;
}

/**
 * A checked, lowered grammar: immutable, shared by every recognizer and masker built on it. Its byte classes
 * are those no byte set tells apart.
 */
export interface CompiledGrammar extends ByteClasses {
  readonly source: string;
  readonly program: GrammarProgram;
  readonly closures: PositionClosures;
}

/**
 * Compiles a GBNF grammar (llama.cpp's syntax; `root` is the start rule) for constrained decoding. The whole
 * output must match `root`. Matching is on UTF-8 bytes, so tokens that hold part of a character work, and
 * output is always valid UTF-8.
 *
 * Supported: rules `name ::= …` (names of letters, digits and `-`), alternatives `|`, groups `( )`,
 * repetitions `* + ? {m} {m,} {m,n}`, string literals and character classes `[a-z]` `[^"\\]` with the escapes
 * `\n \r \t \\ \" \[ \] \- \xHH \uHHHH \UHHHHHHHH`, `.` (any character), `#` comments, rules spanning lines
 * inside `( )` or after a trailing `|`.
 *
 * @throws PocketLMError `INVALID_OPTIONS` naming the line and column of a syntax error, a rule defined twice,
 *   an undefined rule, a missing `root`, an empty grammar, left recursion, or a rule that can never finish;
 *   `UNSUPPORTED_CONSTRAINT` for token references (`<[id]>`, `<token>`, `!<…>`) and grammars too large to
 *   compile.
 */
export function compileGrammar(source: string, options: CompileGrammarOptions = {}): CompiledGrammar {
  const ast = parseGbnf(source);
  checkReferences(ast);
  const program = lowerGrammar(ast, options.maxPositions);
  checkLeftRecursion(program, nullableRules(program));
  const closures = computeClosures(program, productivePositions(program));
  return { source, program, closures, ...byteClassesOfSets(program.byteSets) };
}
