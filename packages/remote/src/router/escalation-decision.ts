import type { PocketLMErrorCode, StreamEvent } from '@pocketlm/core';

/** The `source` of the router's `annotation` events; `data` is an {@link EscalationDecision}. */
export const ESCALATION_SOURCE = 'pocketlm-escalation';

/**
 * Why the router chose a route:
 * - `confident`: the local answer's mean token log-probability reached `minMeanLogprob`;
 * - `accepted`: no threshold is set and nothing blocked the local answer;
 * - `low-confidence`: the mean log-probability fell below `minMeanLogprob`;
 * - `no-logprobs`: a threshold is set but the local answer had no token log-probabilities to judge (an empty
 *   answer, or a local generator that drops `token` events, such as a `withGuard`-wrapped engine);
 * - `output-blocked`: the guard stopped the local reply (`finishReason: 'content-filter'`, or the predicate);
 * - `input-blocked`: the guard refused the prompt and `onInputBlocked` is `'remote'`;
 * - `over-budget`: the prompt does not fit the local context or `maxLocalPromptTokens`;
 * - `remote-failed`: the remote was down, slow or refused, and `onRemoteFailure` is `'local'`.
 */
export type EscalationReason =
  | 'confident'
  | 'accepted'
  | 'low-confidence'
  | 'no-logprobs'
  | 'output-blocked'
  | 'input-blocked'
  | 'over-budget'
  | 'remote-failed';

/** Where one answer came from and why. Streamed as an `annotation` and handed to `onDecision`. */
export interface EscalationDecision {
  route: 'local' | 'remote';
  reason: EscalationReason;
  /** The prompt's length under the local tokenizer. */
  promptTokens: number;
  /** The most prompt tokens the local model is given (context less one, or `maxLocalPromptTokens`). */
  localPromptBudget: number;
  /** Mean natural-log probability of the local answer's tokens, when it was measured. */
  meanLogprob?: number;
  /** `minMeanLogprob`, when set. */
  threshold?: number;
  /** The remote model asked (on `remote` routes and after a remote failure). */
  remoteModel?: string;
  /** What went wrong remotely (`remote-failed`). */
  error?: { code: PocketLMErrorCode; message: string };
}

export function decisionEvent(decision: EscalationDecision): StreamEvent {
  return { type: 'annotation', source: ESCALATION_SOURCE, data: decision };
}

/** Whether a stream event is one of the router's decisions. */
export function isEscalationEvent(
  event: StreamEvent,
): event is { type: 'annotation'; source: typeof ESCALATION_SOURCE; data: EscalationDecision } {
  return event.type === 'annotation' && event.source === ESCALATION_SOURCE;
}

/**
 * Whether an event starts a different answer, so a UI must clear the text it has shown: a decision to escalate
 * (`route: 'remote'`), or the fallback to the local answer after the remote failed (`remote-failed`). In every mode
 * the answer (the `finish` event's text) is the text-deltas after the last such event, or all of them if none.
 */
export function startsNewAnswer(event: StreamEvent): boolean {
  return isEscalationEvent(event) && (event.data.route === 'remote' || event.data.reason === 'remote-failed');
}
