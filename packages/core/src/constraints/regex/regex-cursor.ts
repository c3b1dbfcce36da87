import { PocketLMError } from '../../errors/pocketlm-error.js';
import type { CodePointSet } from './code-point-set.js';

/**
 * The parser's position in a pattern. The pattern is read by code point, as the `u` flag does, so an astral
 * character is one atom (`😀+` repeats the whole emoji, not its low surrogate).
 */
export class RegexCursor {
  readonly codePoints: number[];
  pos = 0;
  private readonly sets = new Map<string, CodePointSet>();

  constructor(readonly pattern: string) {
    this.codePoints = Array.from(pattern, (c) => c.codePointAt(0)!);
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

  get done(): boolean {
    return this.pos >= this.codePoints.length;
  }

  /** The code point `offset` ahead, or -1 past the end. */
  peek(offset = 0): number {
    return this.codePoints[this.pos + offset] ?? -1;
  }

  /** Whether the next code points spell `text` (ASCII only). */
  lookingAt(text: string): boolean {
    for (let i = 0; i < text.length; i++) if (this.peek(i) !== text.charCodeAt(i)) return false;
    return true;
  }

  eat(char: string): boolean {
    if (this.peek() !== char.charCodeAt(0)) return false;
    this.pos++;
    return true;
  }

  next(): number {
    if (this.done) throw this.invalid('the pattern ends too early');
    return this.codePoints[this.pos++];
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

export function isDecimalDigit(cp: number): boolean {
  return cp >= 0x30 && cp <= 0x39;
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
