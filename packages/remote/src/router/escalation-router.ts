import {
  type ChatMessage,
  type EngineInfo,
  type EngineMiddleware,
  type GenerateRequest,
  type GenerateResult,
  PocketLMError,
  resultOf,
  type StreamEvent,
  type TextGenerator,
  type Tokenizer,
} from '@pocketlm/core';
import { isRemoteFailure } from '../openai/remote-errors.js';
import { decisionEvent, type EscalationDecision } from './escalation-decision.js';
import {
  type EscalationRouterOptions,
  type GuardPredicate,
  validateEscalationOptions,
} from './escalation-options.js';
import { judgeLocalAnswer } from './judge-local-answer.js';
import { countPromptTokens, localPromptBudget } from './prompt-budget.js';
import { type LocalAnswer, runLocalAnswer } from './run-local-answer.js';

/**
 * Whether the remote could not serve the request: down, slow or refusing, or asked for a constraint it cannot
 * express (which it refuses before sending anything). Aborts and the caller's own mistakes are not in this set.
 */
function remoteCannotServe(error: unknown): error is PocketLMError {
  return isRemoteFailure(error) || PocketLMError.isInstance(error, 'UNSUPPORTED_CONSTRAINT');
}

/** Local errors that mean "this request does not fit the device", which the remote may still serve. */
const DOES_NOT_FIT = ['CONTEXT_OVERFLOW', 'MEMORY_BUDGET_EXCEEDED'] as const;

/**
 * A `TextGenerator` that answers on the device and escalates to a remote model when the prompt does not fit the
 * local budget, the local answer's mean token log-probability is below `minMeanLogprob`, or the guard blocks the
 * local reply. Every answer carries an `annotation` (source `pocketlm-escalation`) saying where it came from and
 * why. It has the local engine's `info`, `tokenizer` and `countTokens`, so it goes wherever the engine went.
 */
export function createEscalationRouter(options: EscalationRouterOptions): TextGenerator {
  validateEscalationOptions(options);
  return new EscalationRouter(options);
}

class EscalationRouter implements TextGenerator {
  readonly info: EngineInfo;
  readonly tokenizer: Tokenizer;
  private readonly middleware: EngineMiddleware | undefined;
  private readonly predicate: GuardPredicate | undefined;

  constructor(private readonly options: EscalationRouterOptions) {
    this.info = options.local.info;
    this.tokenizer = options.local.tokenizer;
    const { guard } = options;
    this.predicate = typeof guard === 'function' ? guard : undefined;
    this.middleware = typeof guard === 'function' ? undefined : guard;
  }

  /** Malformed input throws here (`INVALID_OPTIONS`), before either model runs. */
  stream(request: GenerateRequest): AsyncIterable<StreamEvent> {
    const promptTokens = countPromptTokens(this.options.local, request);
    return this.run(request, {
      promptTokens,
      localPromptBudget: localPromptBudget(this.options.local, this.options.maxLocalPromptTokens),
      ...(this.options.minMeanLogprob !== undefined ? { threshold: this.options.minMeanLogprob } : {}),
    });
  }

  async generate(request: GenerateRequest): Promise<GenerateResult> {
    return resultOf(this.stream(request));
  }

  countTokens(input: string | ChatMessage[]): number {
    return this.options.local.countTokens(input);
  }

  private async *run(
    request: GenerateRequest,
    facts: Pick<EscalationDecision, 'promptTokens' | 'localPromptBudget' | 'threshold'>,
  ): AsyncGenerator<StreamEvent> {
    const remoteModel = this.options.remote.info.model;
    if (facts.promptTokens > facts.localPromptBudget) {
      yield* this.escalate(request, { route: 'remote', reason: 'over-budget', ...facts, remoteModel });
      return;
    }
    const passThrough = this.options.mode === 'stream-local';
    let answer: LocalAnswer;
    try {
      answer = yield* runLocalAnswer(this.options.local, request, {
        middleware: this.middleware,
        logprobs: this.options.minMeanLogprob !== undefined,
        passThrough,
      });
    } catch (error) {
      const inputBlocked =
        PocketLMError.isInstance(error, 'CONTENT_BLOCKED') && this.options.onInputBlocked === 'remote';
      const tooBig = DOES_NOT_FIT.some((code) => PocketLMError.isInstance(error, code));
      if (!inputBlocked && !tooBig) throw error;
      const reason = inputBlocked ? 'input-blocked' : 'over-budget';
      yield* this.escalate(request, { route: 'remote', reason, ...facts, remoteModel });
      return;
    }
    const verdict = await judgeLocalAnswer(answer, {
      threshold: this.options.minMeanLogprob,
      predicate: this.predicate,
      onOutputBlocked: this.options.onOutputBlocked ?? 'remote',
    });
    const measured = answer.meanLogprob !== undefined ? { meanLogprob: answer.meanLogprob } : {};
    if (verdict.route === 'local') {
      yield this.decide({ ...verdict, ...facts, ...measured });
      if (!answer.shown) yield* answer.events;
      yield answer.finish;
      return;
    }
    // The held answer is dropped, but not the audit trail: the guard's decisions about it still stream.
    if (!answer.shown) yield* answer.events.filter((event) => event.type === 'annotation');
    yield* this.escalate(
      request,
      { ...verdict, route: 'remote', ...facts, ...measured, remoteModel },
      answer,
    );
  }

  /**
   * Streams the remote answer after the decision. A remote that fails before sending any text falls back to the
   * local answer when there is one and `onRemoteFailure` is `'local'`; once remote text has streamed, switching
   * answers would splice two replies, so the error is thrown. The fallback replays the local text even when it
   * streamed before (`stream-local`): the caller cleared it at the `remote` decision (see `startsNewAnswer`).
   */
  private async *escalate(
    request: GenerateRequest,
    decision: EscalationDecision,
    fallback?: LocalAnswer,
  ): AsyncGenerator<StreamEvent> {
    yield this.decide(decision);
    let sentText = false;
    try {
      for await (const event of this.options.remote.stream(request)) {
        if (event.type === 'text-delta') sentText = true;
        yield event;
      }
    } catch (error) {
      if (!remoteCannotServe(error) || !fallback || sentText || this.options.onRemoteFailure !== 'local') {
        throw error;
      }
      const { promptTokens, localPromptBudget, threshold, meanLogprob, remoteModel } = decision;
      yield this.decide({
        route: 'local',
        reason: 'remote-failed',
        promptTokens,
        localPromptBudget,
        ...(threshold !== undefined ? { threshold } : {}),
        ...(meanLogprob !== undefined ? { meanLogprob } : {}),
        ...(remoteModel !== undefined ? { remoteModel } : {}),
        error: { code: error.code, message: error.message },
      });
      // Its annotations already streamed (before the escalation, or as they came in stream-local mode).
      yield* fallback.events.filter((event) => event.type !== 'annotation');
      yield fallback.finish;
    }
  }

  private decide(decision: EscalationDecision): StreamEvent {
    this.options.onDecision?.(decision);
    return decisionEvent(decision);
  }
}
