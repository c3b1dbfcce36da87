import type { LogitsConstraint } from './logits-constraint.js';
import { DEAD } from './regex/byte-automaton.js';
import { applyMask } from './token-mask/apply-mask.js';
import type { DfaTokenMasker } from './token-mask/dfa-token-masker.js';

/** One generation's walk through a compiled regex: the masker is shared, the state is this generation's. */
export class RegexConstraint implements LogitsConstraint {
  private state: number;

  constructor(private readonly masker: DfaTokenMasker) {
    this.state = masker.start;
  }

  get complete(): boolean {
    return this.state !== DEAD && this.masker.isAccepting(this.state);
  }

  mask(logits: Float32Array): void {
    applyMask(logits, this.masker.mask(this.state));
  }

  accept(id: number): void {
    // An end token leaves the state as it is (it is allowed only where the output is complete).
    this.state = this.masker.advance(this.state, id);
  }
}
