import { PocketLMError } from '@pocketlm/core';
import type { GuardCheck, GuardDecision, GuardStage } from './guard-check.js';
import type { GuardPolicy } from './guard-policy.js';

/** The outcome of one stage's checks on one text. */
export interface StageOutcome {
  /** Every decision that is not a plain allow, in check order. */
  decisions: GuardDecision[];
  /** The decision that blocks the text (a block, or an ask that was refused), if any. */
  blocked?: GuardDecision;
  /** Spans to replace, from redact decisions (and asks that were allowed stay as they are). */
  redactions: GuardDecision[];
}

/**
 * Runs a stage's checks on a text, in order, and settles `ask` decisions through the policy's `onAsk` (refused,
 * or no `onAsk`: blocked). A check that throws fails the request: checks that may fail (a model) decide their own
 * fail-open or fail-closed behaviour inside.
 */
export async function runChecks(
  checks: readonly GuardCheck[] | undefined,
  text: string,
  stage: GuardStage,
  policy: GuardPolicy,
  signal?: AbortSignal,
): Promise<StageOutcome> {
  const outcome: StageOutcome = { decisions: [], redactions: [] };
  for (const check of checks ?? []) {
    if (check.stages.length > 0 && !check.stages.includes(stage)) continue;
    let decision: GuardDecision | undefined;
    try {
      decision = await check.check(text, { stage, signal });
    } catch (error) {
      if (PocketLMError.isInstance(error, 'ABORTED')) throw error;
      throw new PocketLMError('BACKEND_ERROR', `Guard check "${check.name}" failed: ${describe(error)}`, {
        cause: error,
        details: { check: check.name, stage },
      });
    }
    if (decision === undefined || (decision.action === 'allow' && decision.spans.length === 0)) continue;
    outcome.decisions.push(decision);
    policy.onDecision?.(decision);
    if (decision.action === 'redact') outcome.redactions.push(decision);
    if (decision.action === 'block') {
      outcome.blocked = decision;
      break;
    }
    if (decision.action === 'ask' && !(policy.onAsk && (await policy.onAsk(decision)) === true)) {
      outcome.blocked = decision;
      break;
    }
  }
  return outcome;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
