import { ByteDfa, DEFAULT_MAX_DFA_STATES } from './byte-dfa.js';
import { buildByteNfa, DEFAULT_MAX_NFA_STATES } from './byte-nfa.js';
import { parseRegex } from './parse-regex.js';

/** Limits for {@link compileRegex}. */
export interface CompileRegexOptions {
  /** NFA states the pattern may expand to (bounded repeats copy their body). Default 1,000,000. */
  maxNfaStates?: number;
  /**
   * DFA states built on demand before stepping throws. Default 100,000; each state costs 4 bytes per byte
   * class (classes are the byte ranges the pattern distinguishes, usually 10-60).
   */
  maxDfaStates?: number;
}

/**
 * Compiles an ECMAScript regex (`u`-flag syntax; the JSON Schema `pattern` dialect) to a lazily built byte
 * DFA that accepts exactly the UTF-8 encodings of the strings the pattern matches AS A WHOLE: a constraint
 * describes the entire output, so the pattern is always anchored at both ends, as if written `^(?:pattern)$`
 * (a JSON Schema `pattern`, which searches, keeps its meaning only when the caller wraps it as
 * `.*(?:pattern).*`). `^` and `$` may appear anywhere and mean the start and end of the output (never of a
 * line).
 *
 * Supported: literals (by code point), escapes `\n \t \r \f \v \0 \cX \xHH \uHHHH \u{…}` and surrogate
 * pairs, escaped syntax characters (and, leniently, any escaped ASCII punctuation), classes `[…]` `[^…]` with
 * ranges, `\d \D \w \W \s \S`, `\p{…}` `\P{…}` (as the JavaScript engine defines them), `.` (any code point
 * but \n \r U+2028 U+2029), groups `(…)` `(?:…)` `(?<name>…)`, alternation, `* + ? {m} {m,} {m,n}` and their
 * lazy forms (same strings). Surrogate code points never match: output is always valid UTF-8.
 *
 * @throws PocketLMError `INVALID_OPTIONS` for a malformed pattern; `UNSUPPORTED_CONSTRAINT` for lookahead and
 * lookbehind, backreferences `\1` `\k<…>`, word boundaries `\b` `\B`, inline modifiers `(?i:…)`, or a pattern
 * too large to compile. Stepping throws `UNSUPPORTED_CONSTRAINT` once the DFA passes `maxDfaStates`.
 */
export function compileRegex(pattern: string, options: CompileRegexOptions = {}): ByteDfa {
  const ast = parseRegex(pattern);
  const nfa = buildByteNfa(ast, pattern, options.maxNfaStates ?? DEFAULT_MAX_NFA_STATES);
  return new ByteDfa(nfa, { maxStates: options.maxDfaStates ?? DEFAULT_MAX_DFA_STATES, pattern });
}
