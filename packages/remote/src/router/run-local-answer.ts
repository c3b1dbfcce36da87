import {
  type AnnotationEvent,
  type EngineMiddleware,
  type FinishEvent,
  type GenerateRequest,
  PocketLMError,
  type StreamEvent,
  type TextGenerator,
  wrapEngine,
} from '@pocketlm/core';

/** The local model's finished answer, held until the router decides whether to show it. */
export interface LocalAnswer {
  /** Its events before `finish` (text, tokens, annotations), kept for replay even when they already streamed. */
  events: StreamEvent[];
  /** Whether `events` already streamed to the caller (`stream-local`). */
  shown: boolean;
  finish: FinishEvent;
  annotations: AnnotationEvent[];
  /** Mean natural-log probability over the tokens that reported one; undefined when none did. */
  meanLogprob: number | undefined;
}

export interface LocalRunOptions {
  /** Middleware to run around the local generator (the guard). */
  middleware?: EngineMiddleware;
  /** Ask the engine for log-probabilities (when confidence is judged). */
  logprobs: boolean;
  /** Pass answer events on as they come (`stream-local`) instead of holding them. */
  passThrough: boolean;
}

/**
 * Runs the request on the local generator and returns its answer. Log-probabilities are read beneath the
 * middleware: the guard drops raw `token` events (their text is unchecked), but the router needs their scores.
 * Prefill progress always streams: it is progress, not answer text.
 */
export async function* runLocalAnswer(
  local: TextGenerator,
  request: GenerateRequest,
  options: LocalRunOptions,
): AsyncGenerator<StreamEvent, LocalAnswer> {
  let sum = 0;
  let count = 0;
  const tap: EngineMiddleware = {
    async *wrapStream({ request: inner, doStream }) {
      for await (const event of doStream(inner)) {
        if (event.type === 'token' && typeof event.logprob === 'number') {
          sum += event.logprob;
          count++;
        }
        yield event;
      }
    },
  };
  const generator = wrapEngine(local, ...(options.middleware ? [options.middleware] : []), tap);
  const events: StreamEvent[] = [];
  const annotations: AnnotationEvent[] = [];
  const localRequest = options.logprobs ? { ...request, logprobs: true } : request;
  for await (const event of generator.stream(localRequest)) {
    if (event.type === 'finish') {
      const meanLogprob = count > 0 ? sum / count : undefined;
      return { events, shown: options.passThrough, finish: event, annotations, meanLogprob };
    }
    if (event.type === 'annotation') annotations.push(event);
    if (options.passThrough || event.type === 'prefill-progress') yield event;
    if (event.type !== 'prefill-progress') events.push(event);
  }
  throw new PocketLMError('BACKEND_ERROR', 'The local generation ended without a finish event.');
}
