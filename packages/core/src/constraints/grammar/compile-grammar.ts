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

/** A checked, lowered grammar: immutable, shared by every recognizer and masker built on it. */
export interface CompiledGrammar {
  readonly source: string;
  readonly program: GrammarProgram;
  readonly closures: PositionClosures;
  /** Bytes no byte set tells apart share a class; transition rows have one entry per class. */
  readonly classOf: Uint8Array;
  /** One byte of each class. */
  readonly classRep: Uint8Array;
  readonly classCount: number;
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
  return { source, program, closures, ...byteClasses(program.byteSets) };
}

/** Partitions the 256 bytes so every byte set is a union of classes (refined one set at a time). */
function byteClasses(byteSets: Uint32Array): {
  classOf: Uint8Array;
  classRep: Uint8Array;
  classCount: number;
} {
  let classOf = new Int32Array(256);
  let count = 1;
  for (let set = 0; set < byteSets.length / 8; set++) {
    const ids = new Map<number, number>();
    const refined = new Int32Array(256);
    for (let b = 0; b < 256; b++) {
      const key = classOf[b] * 2 + ((byteSets[set * 8 + (b >>> 5)] >>> (b & 31)) & 1);
      let id = ids.get(key);
      if (id === undefined) {
        id = ids.size;
        ids.set(key, id);
      }
      refined[b] = id;
    }
    classOf = refined;
    count = ids.size;
  }
  const classRep = new Uint8Array(count);
  for (let b = 255; b >= 0; b--) classRep[classOf[b]] = b;
  return { classOf: Uint8Array.from(classOf), classRep, classCount: count };
}
