import { abortError, PocketLMError } from '@pocketlm/core';
import type { GuardAction, GuardCheck, GuardDecision, GuardStage } from '../policy/guard-check.js';
import { type ClassifierInput, ClassifierSource } from './classifier-source.js';
import type { GuardClassification } from './guard-classifier.js';

/** Options of {@link classifierCheck}. */
export interface ClassifierCheckOptions {
  /** A loaded classifier, or a function that loads one on the first check (e.g. `() => createClassifier(…)`). */
  classifier: ClassifierInput;
  /** The model's labels that mean "do not let this through" (e.g. `['unsafe']`, `['INJECTION', 'JAILBREAK']`). */
  unsafeLabels: string[];
  /** Act when the unsafe probability is at least this, in (0, 1]. */
  threshold: number;
  /** What to do at or above the threshold (default `block`; `allow` logs the score and lets the text through). */
  action?: GuardAction;
  /**
   * What a check decides when the classifier cannot answer (it fails to load, or to classify): `fail-closed`
   * blocks the text, `fail-open` lets it through. Required, so the choice is always the application's. The
   * decision's reason names the error either way.
   */
  onError: 'fail-closed' | 'fail-open';
  /** Where it runs (default: `input`, the user's prompt). */
  stages?: GuardStage[];
}

const ACTIONS: readonly GuardAction[] = ['allow', 'redact', 'block', 'ask'];
const STAGES: readonly GuardStage[] = ['input', 'output', 'tool-result', 'retrieved'];

function invalid(message: string): PocketLMError {
  return new PocketLMError('INVALID_OPTIONS', `classifierCheck: ${message}`);
}

function validate(options: ClassifierCheckOptions): void {
  const { unsafeLabels, threshold, action, onError, stages } = options;
  if (!Array.isArray(unsafeLabels) || unsafeLabels.length === 0) {
    throw invalid('"unsafeLabels" must list at least one label.');
  }
  if (!unsafeLabels.every((l) => typeof l === 'string' && l.length > 0)) {
    throw invalid('"unsafeLabels" must be non-empty strings.');
  }
  if (typeof threshold !== 'number' || !(threshold > 0 && threshold <= 1)) {
    throw invalid(`"threshold" must be a probability in (0, 1], got ${JSON.stringify(threshold)}.`);
  }
  if (action !== undefined && !ACTIONS.includes(action)) {
    throw invalid(`"action" must be one of ${ACTIONS.join(', ')}, got ${JSON.stringify(action)}.`);
  }
  if (onError !== 'fail-closed' && onError !== 'fail-open') {
    throw invalid(`"onError" must be 'fail-closed' or 'fail-open', got ${JSON.stringify(onError)}.`);
  }
  if (
    stages !== undefined &&
    (!Array.isArray(stages) || stages.length === 0 || !stages.every((s) => STAGES.includes(s)))
  ) {
    throw invalid(`"stages" must list stages among ${STAGES.join(', ')}.`);
  }
}

function describeError(error: unknown): string {
  if (PocketLMError.isInstance(error)) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

/** Waits for `promise`, but rejects with `ABORTED` as soon as `signal` fires. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(abortError(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** The unsafe probability of one result and its most probable unsafe label. */
interface Verdict {
  score: number;
  top: string;
  truncated: boolean;
}

/**
 * The probability that a text belongs to any unsafe label: the sum of their probabilities, at most 1. For
 * exclusive labels (softmax) that is exactly P(unsafe); for independent ones (multi-label) it errs towards acting.
 * Throws when a probability is missing or not a number: NaN compares false with every threshold and would pass.
 */
function verdictOf(result: GuardClassification | undefined, unsafeLabels: readonly string[]): Verdict {
  let score = 0;
  let top = unsafeLabels[0];
  for (const label of unsafeLabels) {
    const p = result?.scores?.[label];
    if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
      throw new Error(`the classifier returned no probability for "${label}" (${String(p)})`);
    }
    score += p;
    if (p > (result?.scores[top] ?? 0)) top = label;
  }
  return { score: Math.min(1, score), top, truncated: result?.truncated === true };
}

/**
 * A check that runs a text classifier (harmful-prompt, prompt-injection, answerability…) and acts when the
 * probability of the unsafe labels reaches `threshold`. The classifier runs on any PocketLM backend that can load
 * one (`createClassifier`). When it cannot answer, `onError` decides, explicitly: fail closed (block) or open
 * (allow), with the error in the reason. An aborted check rejects with `ABORTED` instead.
 *
 * @example
 * ```ts
 * const check = classifierCheck({
 *   classifier: () => createClassifier({ backend: nodeBackend(), model: './models/prompt-guard' }),
 *   unsafeLabels: ['unsafe'],
 *   threshold: 0.8,
 *   onError: 'fail-closed',
 * });
 * ```
 */
export function classifierCheck(options: ClassifierCheckOptions): GuardCheck {
  validate(options);
  const unsafeLabels = [...options.unsafeLabels];
  const { threshold, onError } = options;
  const action = options.action ?? 'block';
  const source = new ClassifierSource(options.classifier, unsafeLabels);
  const named = unsafeLabels.join(', ');

  return {
    name: 'classifier',
    stages: [...(options.stages ?? ['input'])],
    async check(text, context): Promise<GuardDecision> {
      const { stage, signal } = context;
      const decide = (a: GuardAction, reason: string, score?: number): GuardDecision => ({
        check: 'classifier',
        stage,
        action: a,
        reason,
        spans: [],
        ...(score === undefined ? {} : { score }),
      });
      if (text.length === 0) return decide('allow', 'Nothing to classify (empty text).');
      let verdict: Verdict;
      try {
        const classifier = await abortable(source.get(), signal);
        const [result] = await classifier.classify(text, { signal });
        verdict = verdictOf(result, unsafeLabels);
      } catch (error) {
        if (signal?.aborted) throw PocketLMError.isInstance(error, 'ABORTED') ? error : abortError(signal);
        const why = describeError(error);
        return onError === 'fail-closed'
          ? decide('block', `Blocked because the classifier failed (${why}); the policy fails closed.`)
          : decide(
              'allow',
              `Allowed unchecked because the classifier failed (${why}); the policy fails open.`,
            );
      }
      const { score, top } = verdict;
      const partial = verdict.truncated ? ' Only the start of the text fit the model.' : '';
      if (score < threshold) {
        return decide(
          'allow',
          `P(${named}) = ${score.toFixed(3)} is under the threshold ${threshold}.${partial}`,
          score,
        );
      }
      return {
        ...decide(
          action,
          `P(${named}) = ${score.toFixed(3)} reaches the threshold ${threshold}.${partial}`,
          score,
        ),
        // The whole text is what the classifier judged, so that is the span a redaction replaces.
        spans: action === 'allow' ? [] : [{ start: 0, end: text.length, label: top }],
      };
    },
  };
}
