import type { ModelRunner } from '../backend/model-runner.js';
import type { LogitsConstraint } from '../constraints/logits-constraint.js';
import { type ResponseFormat, validateResponseFormat } from '../constraints/response-format.js';
import { abortError, PocketLMError, throwIfAborted } from '../errors/pocketlm-error.js';
import type { KVCache } from '../kv-cache/kv-cache.js';
import type { PrefixCache } from '../kv-cache/prefix-cache.js';
import { applyPenalties, TokenCounts } from '../sampling/apply-penalties.js';
import { sampleToken } from '../sampling/sample-token.js';
import { resolveSampling } from '../sampling/sampling-options.js';
import { randomSeed, seededRng } from '../sampling/seeded-rng.js';
import type { Scheduler } from '../scheduler/scheduler.js';
import type { SpeculationStats } from '../speculative/speculation.js';
import { createDrafter, validateSpeculativeOptions } from '../speculative/speculative-options.js';
import type { Tokenizer } from '../tokenizer/tokenizer.js';
import { EventQueue } from './event-queue.js';
import { type GenerateOptions, resolveMaxTokens, resolveStop } from './generate-options.js';
import { StopSequenceMatcher } from './stop-sequence-matcher.js';
import type { FinishEvent, FinishReason, StreamEvent } from './stream-events.js';

/** What a generation needs from the engine it runs in. */
export interface GenerationRuntime {
  tokenizer: Tokenizer;
  scheduler: Scheduler;
  contextLength: number;
  /** The engine's draft model, for draft-model speculative decoding. */
  draftRunner?: ModelRunner;
  /** Builds the token-level constraint for a request's `responseFormat` (absent: constraints unavailable). */
  constraints?: (format: Exclude<ResponseFormat, { type: 'text' }>) => LogitsConstraint;
  /** KV of earlier prompts, shared by requests and chat sessions that use the engine's KV policy. */
  prefixCache?: PrefixCache;
}

export interface GenerationInput {
  /** The whole prompt, including the part already in `cache`. */
  promptTokens: number[];
  /** Holds the KV of `promptTokens.slice(0, cache.length)` already (chat sessions), or nothing. */
  cache: KVCache;
  /**
   * Told which tokens the cache holds, in order from position 0: once the prompt is prefilled, and again when the
   * generation finishes normally (prompt plus the generated tokens that were fed). For the prefix cache.
   */
  onCacheHolds?: (tokens: number[]) => void;
  /** Set when the cache's policy is not the engine's: what its KV costs, for the memory budget. */
  kvCost?: { bytesPerToken?: number; maxHeldBytes?: number };
  /** Runs once the work has stopped touching the cache (finished, failed or aborted). */
  onSettled?: () => void;
}

/** What a cache of a request's own policy costs, for memory budgets that assume the engine's policy. */
export function kvCostOf(cache: KVCache): { bytesPerToken?: number; maxHeldBytes?: number } {
  return { bytesPerToken: cache.bytesPerToken, maxHeldBytes: cache.maxHeldBytes };
}

/** The constraint for a request's response format, or a clear error when the engine has none. */
function createConstraint(
  rt: GenerationRuntime,
  format: Exclude<ResponseFormat, { type: 'text' }>,
): LogitsConstraint {
  if (!rt.constraints) {
    throw new PocketLMError('INVALID_OPTIONS', '"responseFormat" needs an engine with constrained decoding.');
  }
  return rt.constraints(format);
}

function hasAllowedToken(logits: Float32Array, size: number): boolean {
  for (let i = 0; i < size; i++) if (logits[i] !== Number.NEGATIVE_INFINITY) return true;
  return false;
}

/** Logit of the chosen token minus log-sum-exp of the row: its log-probability. */
function logprobOf(logits: Float32Array, size: number, id: number): number {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < size; i++) if (logits[i] > max) max = logits[i];
  let sum = 0;
  for (let i = 0; i < size; i++) sum += Math.exp(logits[i] - max);
  return logits[id] - max - Math.log(sum);
}

/**
 * Runs one generation and streams its events. Validation happens before anything runs, so bad options reject
 * without touching the cache. On abort, the cache holds the prompt and the tokens fed so far: consistent, never
 * half-written.
 */
export function runGeneration(
  rt: GenerationRuntime,
  input: GenerationInput,
  options: GenerateOptions,
): AsyncIterable<StreamEvent> {
  const requestStart = performance.now();
  const sampling = resolveSampling(options);
  const maxTokens = resolveMaxTokens(options.maxTokens);
  const stops = resolveStop(options.stop);
  const speculative = validateSpeculativeOptions(options.speculative);
  const responseFormat = validateResponseFormat(options.responseFormat);
  const { promptTokens, cache } = input;
  if (promptTokens.length === 0) {
    throw new PocketLMError('INVALID_OPTIONS', 'The prompt encodes to zero tokens.');
  }
  if (promptTokens.length >= rt.contextLength) {
    throw new PocketLMError(
      'CONTEXT_OVERFLOW',
      `The prompt is ${promptTokens.length} tokens; the context holds ${rt.contextLength}, which leaves no room to generate.`,
      { details: { promptTokens: promptTokens.length, contextLength: rt.contextLength } },
    );
  }
  throwIfAborted(options.signal);
  const constraint = responseFormat && createConstraint(rt, responseFormat);
  const drafter = speculative && createDrafter(speculative, rt.draftRunner, rt.tokenizer.size);
  const speculationStats: SpeculationStats | undefined = drafter
    ? { rounds: 0, drafted: 0, accepted: 0 }
    : undefined;

  const controller = new AbortController();
  const onUserAbort = () => controller.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', onUserAbort, { once: true });
  const queue = new EventQueue<StreamEvent>(() =>
    controller.abort(new Error('stream closed by its consumer')),
  );

  const seed = sampling.seed ?? randomSeed();
  const rng = seededRng(seed);
  const vocabLimit = rt.tokenizer.size;
  const eos = new Set(rt.tokenizer.eosTokenIds);
  // Constrained text is shown exactly as the constraint checked it, without the space clean-up rewrite.
  const decoder = rt.tokenizer.createDecoder({
    skipSpecialTokens: true,
    ...(constraint ? { cleanUpSpaces: false } : {}),
  });
  const matcher = new StopSequenceMatcher(stops);
  const contextCounts = new TokenCounts();
  for (const id of promptTokens) contextCounts.add(id);
  const generatedCounts = new TokenCounts();
  const generated: number[] = [];
  const cached = cache.length;
  // Where the first generated token goes; counted, not read from the cache, which may hold drafts mid-step.
  const firstFeedPosition = cache.nextPosition + (promptTokens.length - cached);
  const maxNewTokens = Math.max(1, Math.min(maxTokens, rt.contextLength - firstFeedPosition));
  let text = '';
  let prefillStart = requestStart;
  let firstTokenAt = 0;
  let lastLogitsAt = 0;
  let finishReason: FinishReason = 'length';

  const emitText = (piece: string) => {
    if (!piece) return;
    text += piece;
    queue.push({ type: 'text-delta', text: piece });
  };

  const onLogits = (row: Float32Array) => {
    const now = performance.now();
    if (firstTokenAt === 0) {
      firstTokenAt = now;
      input.onCacheHolds?.(promptTokens);
    }
    lastLogitsAt = now;
    const logits = row.length > vocabLimit ? row.slice(0, vocabLimit) : row.slice();
    applyPenalties(logits, sampling, contextCounts, generatedCounts);
    if (constraint) {
      constraint.mask(logits);
      // A mask can only be empty where the output is complete and the tokenizer has no end token to allow, so
      // the scan runs there, not on every step.
      if (constraint.complete && !hasAllowedToken(logits, vocabLimit)) {
        finishReason = 'stop';
        return { done: true } as const;
      }
    }
    const id = sampleToken(logits, vocabLimit, sampling, rng);
    constraint?.accept(id);
    generated.push(id);
    generatedCounts.add(id);
    contextCounts.add(id);
    const logprob = options.logprobs ? logprobOf(row, vocabLimit, id) : undefined;
    if (eos.has(id)) {
      finishReason = 'stop';
      queue.push({ type: 'token', id, text: '', logprob });
      return { done: true } as const;
    }
    const piece = decoder.push(id);
    queue.push({ type: 'token', id, text: piece, logprob });
    const { emit, stopped } = matcher.push(piece);
    emitText(emit);
    if (stopped) {
      finishReason = 'stop';
      return { done: true } as const;
    }
    // Stop before the next token's position would fall outside the context.
    if (generated.length >= maxNewTokens) {
      finishReason = 'length';
      return { done: true } as const;
    }
    return { next: id };
  };

  const finish = (): FinishEvent => {
    if (!matcher.done) {
      const { emit, stopped } = matcher.push(decoder.flush());
      emitText(emit);
      if (stopped) finishReason = 'stop';
      else emitText(matcher.flush());
    }
    const end = performance.now();
    const computed = promptTokens.length - cached;
    const prefillMs = firstTokenAt - prefillStart;
    const decodeMs = lastLogitsAt - firstTokenAt;
    const decodeSteps = Math.max(0, generated.length - 1);
    return {
      type: 'finish',
      finishReason,
      text,
      tokens: generated,
      seed,
      usage: {
        promptTokens: promptTokens.length,
        cachedPromptTokens: cached,
        completionTokens: generated.length,
        totalTokens: promptTokens.length + generated.length,
      },
      speculation: speculationStats && { ...speculationStats },
      timings: {
        timeToFirstTokenMs: firstTokenAt - requestStart,
        prefillMs,
        decodeMs,
        totalMs: end - requestStart,
        prefillTokensPerSecond: prefillMs > 0 ? (computed / prefillMs) * 1000 : 0,
        decodeTokensPerSecond: decodeMs > 0 ? (decodeSteps / decodeMs) * 1000 : 0,
      },
    };
  };

  rt.scheduler
    .run({
      prompt: promptTokens.slice(cached),
      cache,
      signal: controller.signal,
      priority: options.priority,
      maxNewTokens,
      kvCost: input.kvCost,
      speculation: drafter && {
        drafter,
        context: promptTokens,
        maxDraftTokens: speculative.maxDraftTokens,
        bytesPerToken: drafter.bytesPerToken,
        stats: speculationStats,
      },
      onStart: () => {
        prefillStart = performance.now();
      },
      onLogits,
      onPrefillProgress: (done, total) => queue.push({ type: 'prefill-progress', done, total }),
    })
    .then(
      () => {
        queue.push(finish());
        queue.end();
        input.onCacheHolds?.([...promptTokens, ...generated].slice(0, cache.length));
      },
      (error: unknown) => {
        queue.fail(controller.signal.aborted ? abortError(options.signal) : error);
      },
    )
    .finally(() => {
      options.signal?.removeEventListener('abort', onUserAbort);
      drafter?.dispose?.();
      input.onSettled?.();
    });

  return queue;
}
