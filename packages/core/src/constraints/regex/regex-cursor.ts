import { PocketLMError } from '../../errors/pocketlm-error.js';
import { CodePointCursor } from './code-point-cursor.js';
import type { CodePointSet } from './code-point-set.js';

/**
 * The parser's position in a pattern. The pattern is read by code point, as the `u` flag does, so an astral
 * character is one atom (`😀+` repeats the whole emoji, not its low surrogate).
 */
export class RegexCursor extends CodePointCursor {
  private readonly sets = new Map<string, CodePointSet>();

  constructor(readonly pattern: string) {
    super(pattern, 'pattern');
  }

  /**
   * One shared array per distinct set: generated patterns repeat the same class many times, and the compiler
   * caches per-set work (UTF-8 sequences, state templates) by identity.
   */
  intern(set: CodePointSet): CodePointSet {
    const key = set.join(',');
    const known = this.sets.get(key);
    if (known !== undefined) return known;
    this.sets.set(key, set);
    return set;
  }

  expect(char: string): void {
    if (!this.eat(char)) throw this.invalid(`expected "${char}"`);
  }

  /** A malformed pattern: `INVALID_OPTIONS`, with the position in code points. */
  invalid(message: string): PocketLMError {
    return new PocketLMError(
      'INVALID_OPTIONS',
      `Invalid regex ${JSON.stringify(this.pattern)} at position ${this.pos}: ${message}.`,
      { details: { pattern: this.pattern, position: this.pos } },
    );
  }

  /** A valid pattern using a feature a finite automaton cannot (or we do not) enforce. */
  unsupported(feature: string): PocketLMError {
    return new PocketLMError(
      'UNSUPPORTED_CONSTRAINT',
      `Regex ${JSON.stringify(this.pattern)}: ${feature} is not supported in constrained decoding.`,
      { details: { pattern: this.pattern, position: this.pos, feature } },
    );
  }
}

export function hexValue(cp: number): number {
  if (cp >= 0x30 && cp <= 0x39) return cp - 0x30;
  if (cp >= 0x41 && cp <= 0x46) return cp - 0x41 + 10;
  if (cp >= 0x61 && cp <= 0x66) return cp - 0x61 + 10;
  return -1;
}

export function isAsciiLetter(cp: number): boolean {
  return (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a);
}
