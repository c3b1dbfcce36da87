import type { EscalationReason } from './escalation-decision.js';
import type { GuardPredicate } from './escalation-options.js';
import type { LocalAnswer } from './run-local-answer.js';

export interface JudgeOptions {
  threshold: number | undefined;
  predicate: GuardPredicate | undefined;
  onOutputBlocked: 'remote' | 'local';
}

/**
 * The policy for a finished local answer. A guard block comes first (a blocked answer is not shown however
 * confident the model was); then confidence, when a threshold is set. An answer with no scored tokens cannot
 * show confidence, so it escalates rather than pass unjudged.
 */
export async function judgeLocalAnswer(
  answer: LocalAnswer,
  options: JudgeOptions,
): Promise<{ route: 'local' | 'remote'; reason: EscalationReason }> {
  const blocked =
    answer.finish.finishReason === 'content-filter' ||
    (options.predicate !== undefined &&
      (await options.predicate({
        text: answer.finish.text,
        finishReason: answer.finish.finishReason,
        annotations: answer.annotations,
      })));
  if (blocked) return { route: options.onOutputBlocked, reason: 'output-blocked' };
  if (options.threshold === undefined) return { route: 'local', reason: 'accepted' };
  if (answer.meanLogprob === undefined) return { route: 'remote', reason: 'no-logprobs' };
  if (answer.meanLogprob < options.threshold) return { route: 'remote', reason: 'low-confidence' };
  return { route: 'local', reason: 'confident' };
}
