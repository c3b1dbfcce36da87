import type { LogitsConstraint } from '../logits-constraint.js';
import { DEAD } from '../regex/byte-automaton.js';
import { applyMask } from '../token-mask/apply-mask.js';
import type { StructuralTagMasker } from './structural-tag-masker.js';

const NOTHING = new Uint8Array(0);

/**
 * One generation under a `structural_tag` format. It is in free text (nothing is masked but tokens that would
 * start a structure wrongly) until the output reaches a trigger; from there the structure's DFA masks every token
 * until the structure is complete and cannot go on, and free text resumes.
 */
export class StructuralTagConstraint implements LogitsConstraint {
  /** The structure DFA's state, or DEAD while in free text. */
  private state = DEAD;
  private context: Uint8Array = NOTHING;
  private first = true;
  /** A structure has closed under `stopAfterFirst`: only an end token may come. */
  private ended = false;

  constructor(private readonly masker: StructuralTagMasker) {}

  get complete(): boolean {
    return this.state === DEAD || this.masker.structure.isAccepting(this.state);
  }

  mask(logits: Float32Array): void {
    const m = this.masker;
    if (this.ended) {
      applyMask(logits, m.endOnly);
      return;
    }
    if (this.state === DEAD) {
      applyMask(logits, m.freeMask(this.context, this.first));
      return;
    }
    const inside = m.structure.mask(this.state);
    if (!m.structure.isAccepting(this.state) || m.stopAfterFirst) {
      applyMask(logits, inside);
      return;
    }
    // Complete but able to go on (a number's last digit, say): the structure may end here or continue.
    const free = m.freeMask(NOTHING, false);
    const either = new Uint32Array(inside.length);
    for (let w = 0; w < either.length; w++) either[w] = inside[w] | free[w];
    applyMask(logits, either);
  }

  accept(id: number): void {
    const m = this.masker;
    if (this.ended) return;
    if (this.state !== DEAD) {
      const next = m.structure.advance(this.state, id);
      if (next !== DEAD) {
        this.enter(next);
        return;
      }
      // The token ended the structure and went on as free text (allowed only at an accepting state).
      this.state = DEAD;
      this.context = NOTHING;
    }
    const first = this.first;
    this.first = false;
    const trigger = m.specialTriggers.get(id);
    if (trigger !== undefined) {
      this.enter(m.triggerStates[trigger]);
      return;
    }
    const bytes = m.freeBytes(id, first);
    if (bytes === undefined) {
      // A control token (not a trigger) breaks any partial trigger.
      this.context = NOTHING;
      return;
    }
    const found = m.matcher.find(this.context, bytes);
    if (found) this.enter(m.step(m.triggerStates[found.trigger], found.rest));
    else this.context = m.matcher.advance(this.context, bytes);
  }

  /** Into a structure at `state`, or straight back to free text when the structure is already closed. */
  private enter(state: number): void {
    const m = this.masker;
    const closed = state !== DEAD && m.structure.isAccepting(state) && !m.canContinue(state);
    this.state = closed ? DEAD : state;
    this.context = NOTHING;
    if (closed && m.stopAfterFirst) this.ended = true;
  }
}
