import type { GuardCheck, GuardDecision } from './guard-check.js';

/**
 * What a guard checks and what happens then. Checks run per stage: the user's input (prompt, user and system
 * messages), the model's output (while it streams), tool results (`guardToolResults`, for the agent) and retrieved
 * chunks (`guardRetrieved`, for RAG). Each check's decision says allow, redact, block or ask.
 */
export interface GuardPolicy {
  input?: GuardCheck[];
  output?: GuardCheck[];
  toolResults?: GuardCheck[];
  retrieved?: GuardCheck[];
  /**
   * Asked for `ask` decisions: `true` lets the text through, `false` blocks it. Without it, `ask` blocks (the
   * guard fails closed).
   */
  onAsk?: (decision: GuardDecision) => boolean | Promise<boolean>;
  /** Every decision that is not a plain allow, for audit logs (they also stream as `annotation` events). */
  onDecision?: (decision: GuardDecision) => void;
  /**
   * Put redacted input values back into the output where the model repeats their placeholders (`[EMAIL_1]` → the
   * address), so the user sees them and the model never did. Default true.
   */
  restoreRedactions?: boolean;
  /**
   * Characters of output held back while streaming, so anything an output check finds within that distance (a
   * secret split over several tokens) is caught before any of it is shown. Default 256.
   */
  holdBackChars?: number;
}
