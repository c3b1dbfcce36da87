import type { PocketLMError } from '../../errors/pocketlm-error.js';

/**
 * A parser's place in a source read by code point (an astral character such as an emoji is one character),
 * shared by the regex and GBNF parsers; each says how its errors name the place.
 */
export abstract class CodePointCursor {
  readonly codePoints: number[];
  pos = 0;

  /** `noun` names the source in the error for a premature end ("the pattern ends too early"). */
  constructor(
    source: string,
    private readonly noun: string,
  ) {
    this.codePoints = Array.from(source, (c) => c.codePointAt(0)!);
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
    if (this.done) throw this.invalid(`the ${this.noun} ends too early`);
    return this.codePoints[this.pos++];
  }

  /** A malformed source (`INVALID_OPTIONS`), at the current place. */
  abstract invalid(message: string): PocketLMError;
}

export function isDecimalDigit(cp: number): boolean {
  return cp >= 0x30 && cp <= 0x39;
}
