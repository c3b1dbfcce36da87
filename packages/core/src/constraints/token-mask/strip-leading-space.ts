import { type ByteAutomaton, DEAD } from '../regex/byte-automaton.js';

/**
 * `inner` as seen through a decoder that drops one space at the very start of the output (SentencePiece's
 * `Strip`/`Metaspace`): at the start, a space byte is consumed invisibly; after any first byte, bytes go to
 * `inner` unchanged. State 0 is "nothing generated yet"; inner state s is s + 1.
 */
export class LeadingSpaceStripped implements ByteAutomaton {
  readonly start: number;

  constructor(private readonly inner: ByteAutomaton) {
    this.start = inner.start === DEAD ? DEAD : 0;
  }

  step(state: number, byte: number): number {
    if (state < 0) return DEAD;
    const { inner } = this;
    let next: number;
    if (state > 0) next = inner.step(state - 1, byte);
    else next = byte === 0x20 ? inner.start : inner.step(inner.start, byte);
    return next < 0 ? DEAD : next + 1;
  }

  isAccepting(state: number): boolean {
    if (state < 0) return false;
    return this.inner.isAccepting(state === 0 ? this.inner.start : state - 1);
  }
}
