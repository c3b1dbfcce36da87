import {
  type AnnotationEvent,
  type EngineMiddleware,
  type FinishReason,
  PocketLMError,
  type TextGenerator,
} from '@pocketlm/core';
import type { RemoteGenerator } from '../remote-generator.js';
import type { EscalationDecision } from './escalation-decision.js';

/** What a guard predicate judges: the finished local answer and the annotations that came with it. */
export interface LocalAnswerView {
  text: string;
  finishReason: FinishReason;
  annotations: AnnotationEvent[];
}

/** Returns `true` when the local answer must not be shown (it is then treated as blocked output). */
export type GuardPredicate = (answer: LocalAnswerView) => boolean | Promise<boolean>;

export interface EscalationRouterOptions {
  /** The on-device model: an `Engine`, or one wrapped in middleware. Its tokenizer counts the prompt. */
  local: TextGenerator;
  /** Where to escalate: `createOpenAICompatibleGenerator(...)`, or any generator with `stream` (a bigger engine). */
  remote: RemoteGenerator;
  /**
   * Escalate when the local answer's mean token log-probability (natural log) is below this. Unset: confidence is
   * not judged and no log-probabilities are computed. Typical values sit between -1.5 (strict) and -3 (lenient);
   * measure on your own prompts.
   */
  minMeanLogprob?: number;
  /**
   * The guard over the local answer: middleware such as `guardMiddleware(policy)` from `@pocketlm/guard` (the
   * router runs it around the local engine and still sees token log-probabilities beneath it), or a predicate
   * over the finished answer. A reply the guard stops (`finishReason: 'content-filter'`) escalates as well,
   * whatever wraps the local generator. It does not screen what is sent to the remote: for that, wrap the router
   * (`withGuard(router, policy)`).
   */
  guard?: EngineMiddleware | GuardPredicate;
  /** Send prompts longer than this (local tokens) to the remote without trying locally. Default: the context. */
  maxLocalPromptTokens?: number;
  /**
   * `buffer` (default): nothing streams until the local answer is judged, then the chosen answer streams.
   * `stream-local`: local text streams as it is generated; if it is then escalated, an annotation follows and then
   * the remote answer, so a UI must replace what it showed (the `finish` event carries only the chosen answer).
   */
  mode?: 'buffer' | 'stream-local';
  /**
   * When the remote is down, slow (`timeoutMs`) or refuses: answer with the local reply, annotated
   * `remote-failed` (`'local'`), or throw its typed error (`'error'`). A prompt over the local budget has no local
   * reply, so it always throws. Required: it is a product decision, not a default.
   */
  onRemoteFailure: 'local' | 'error';
  /**
   * When the guard refuses the prompt itself (`CONTENT_BLOCKED` before generation): throw (`'error'`, default), or
   * send it to the remote (`'remote'`). The default keeps a prompt the guard objected to on the device: a guard
   * that blocks on PII or secrets blocks exactly what must not leave it.
   */
  onInputBlocked?: 'error' | 'remote';
  /** When the guard stops the local reply: escalate (`'remote'`, default) or keep the filtered reply (`'local'`). */
  onOutputBlocked?: 'remote' | 'local';
  /** Called with every routing decision (they also stream as `annotation` events). */
  onDecision?: (decision: EscalationDecision) => void;
}

/** Checks the options so a mistake is `INVALID_OPTIONS` when the router is made, not on the first request. */
export function validateEscalationOptions(options: EscalationRouterOptions): void {
  const fail = (option: string, rule: string, value: unknown): never => {
    throw new PocketLMError('INVALID_OPTIONS', `"${option}" ${rule}.`, { details: { option, value } });
  };
  const o = options ?? ({} as EscalationRouterOptions);
  if (typeof o.local?.stream !== 'function' || typeof o.local.tokenizer?.encode !== 'function') {
    fail('local', 'must be a TextGenerator (an Engine, or a wrapped one)', undefined);
  }
  if (typeof o.remote?.stream !== 'function')
    fail('remote', 'must be a generator with a stream method', undefined);
  const { minMeanLogprob, maxLocalPromptTokens, guard } = o;
  if (
    minMeanLogprob !== undefined &&
    (typeof minMeanLogprob !== 'number' || !Number.isFinite(minMeanLogprob))
  ) {
    fail(
      'minMeanLogprob',
      'must be a finite number (a natural-log probability, usually negative)',
      minMeanLogprob,
    );
  }
  if (
    maxLocalPromptTokens !== undefined &&
    (typeof maxLocalPromptTokens !== 'number' ||
      !Number.isInteger(maxLocalPromptTokens) ||
      maxLocalPromptTokens < 1)
  ) {
    fail('maxLocalPromptTokens', 'must be a positive integer', maxLocalPromptTokens);
  }
  const isMiddleware =
    typeof guard === 'object' && guard !== null && (guard.wrapStream ?? guard.transformRequest);
  if (guard !== undefined && typeof guard !== 'function' && !isMiddleware) {
    fail('guard', 'must be engine middleware (guardMiddleware(policy)) or a predicate', undefined);
  }
  const oneOf = (option: keyof EscalationRouterOptions, allowed: string[], required = false) => {
    const value = o[option];
    if ((value === undefined && !required) || allowed.includes(value as string)) return;
    fail(option, `must be ${allowed.map((a) => `"${a}"`).join(' or ')}`, value);
  };
  oneOf('mode', ['buffer', 'stream-local']);
  oneOf('onRemoteFailure', ['local', 'error'], true);
  oneOf('onInputBlocked', ['error', 'remote']);
  oneOf('onOutputBlocked', ['remote', 'local']);
}
