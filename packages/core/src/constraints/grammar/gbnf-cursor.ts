import { PocketLMError } from '../../errors/pocketlm-error.js';
import { CodePointCursor, isDecimalDigit } from '../regex/code-point-cursor.js';
import type { SourcePosition } from './grammar-ast.js';

/**
 * The parser's place in a GBNF source, read by code point (an emoji in a literal is one character). Errors
 * name the line and column, since grammars are written as multi-line files.
 */
export class GbnfCursor extends CodePointCursor {
  /** Where each line starts (code point index): positions are looked up, not counted, per item. */
  private readonly lineStarts: number[] = [0];

  constructor(readonly source: string) {
    super(source, 'grammar');
    this.codePoints.forEach((cp, i) => {
      if (cp === 0x0a) this.lineStarts.push(i + 1);
    });
  }

  /** The line and column of code point `pos` (default: the current one). */
  positionOf(pos = this.pos): SourcePosition {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.lineStarts[mid] <= pos) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: pos - this.lineStarts[lo] + 1 };
  }

  /** A malformed grammar: `INVALID_OPTIONS`, naming where. */
  invalid(message: string, at: SourcePosition = this.positionOf()): PocketLMError {
    return grammarError(message, at);
  }

  /** A GBNF feature constrained decoding here does not implement: `UNSUPPORTED_CONSTRAINT`. */
  unsupported(feature: string, at: SourcePosition = this.positionOf()): PocketLMError {
    return new PocketLMError(
      'UNSUPPORTED_CONSTRAINT',
      `Grammar line ${at.line}, column ${at.column}: ${feature} is not supported in constrained decoding.`,
      { details: { line: at.line, column: at.column, feature } },
    );
  }
}

/** `INVALID_OPTIONS` for a grammar that cannot be used as written, at `at`. */
export function grammarError(message: string, at: SourcePosition): PocketLMError {
  return new PocketLMError(
    'INVALID_OPTIONS',
    `Invalid grammar at line ${at.line}, column ${at.column}: ${message}.`,
    {
      details: { option: 'responseFormat', line: at.line, column: at.column },
    },
  );
}

/** Rule names are GBNF "words": ASCII letters, digits and `-`. */
export function isWordChar(cp: number): boolean {
  return (cp >= 0x61 && cp <= 0x7a) || (cp >= 0x41 && cp <= 0x5a) || cp === 0x2d || isDecimalDigit(cp);
}
