/**
 * A token-level constraint on what one generation may produce: before each sampling step it masks the tokens that
 * cannot come next, and after it follows the token chosen. Constraints run in the core, after penalties and
 * before sampling, so every backend enforces them the same way.
 */
export interface LogitsConstraint {
  /** Sets the logits of every token that may not come next to -Infinity. */
  mask(logits: Float32Array): void;
  /** Follows the chosen token (which `mask` allowed). */
  accept(id: number): void;
  /** Whether the output so far is complete: ending here satisfies the constraint. */
  readonly complete: boolean;
}
