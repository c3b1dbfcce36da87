import type { Backend, WeightDType } from '../backend/backend.js';
import type { ModelRunner } from '../backend/model-runner.js';
import { PocketLMError } from '../errors/pocketlm-error.js';
import { createKVCache } from '../kv-cache/create-kv-cache.js';
import type { KVCache } from '../kv-cache/kv-cache.js';
import type { KVCachePolicy } from '../kv-cache/kv-cache-policy.js';
import { validateKVCachePolicy } from '../kv-cache/kv-cache-policy.js';
import type { PrefixCache } from '../kv-cache/prefix-cache.js';
import type { Scheduler } from '../scheduler/scheduler.js';
import type { ChatMessage, Tokenizer } from '../tokenizer/tokenizer.js';
import { ChatSession, type ChatSessionOptions } from './chat-session.js';
import {
  type GenerateOptions,
  type GenerateRequest,
  resolveTools,
  validateInput,
} from './generate-options.js';
import { type GenerationRuntime, kvCostOf, runGeneration } from './run-generation.js';
import type { GenerateResult, StreamEvent } from './stream-events.js';
import { resultOf, type TextGenerator } from './text-generator.js';

/** Facts about a loaded engine, for UIs and logs. */
export interface EngineInfo {
  model: string;
  backend: string;
  dtype: WeightDType | undefined;
  contextLength: number;
  vocabSize: number;
  numLayers: number;
}

export interface EngineParts {
  info: EngineInfo;
  backend: Backend;
  runner: ModelRunner;
  tokenizer: Tokenizer;
  defaults?: GenerateOptions;
  scheduler: Scheduler;
  /** The draft model for draft-model speculative decoding, disposed with the engine. */
  draftRunner?: ModelRunner;
  /** Builds token-level constraints for `responseFormat`. */
  constraints?: GenerationRuntime['constraints'];
  /** KV of earlier prompts for requests and chats under the engine's KV policy (none: no prefix caching). */
  prefixCache?: PrefixCache;
  /** The KV policy for requests and chat sessions that do not choose their own (default: full). */
  kvCache?: KVCachePolicy;
}

/** What users call: generation, streaming, chat sessions and token counting over one loaded model. */
export class Engine implements TextGenerator {
  readonly info: EngineInfo;
  readonly tokenizer: Tokenizer;
  private readonly runner: ModelRunner;
  private readonly draftRunner: ModelRunner | undefined;
  private readonly rt: GenerationRuntime;
  private readonly defaults: GenerateOptions;
  private readonly kvCache: KVCachePolicy;
  private disposed = false;

  /** @internal Use `createEngine()`. */
  constructor(parts: EngineParts) {
    this.info = parts.info;
    this.tokenizer = parts.tokenizer;
    this.runner = parts.runner;
    this.draftRunner = parts.draftRunner;
    this.defaults = parts.defaults ?? {};
    this.kvCache = parts.kvCache ?? { type: 'full' };
    this.rt = {
      tokenizer: parts.tokenizer,
      scheduler: parts.scheduler,
      contextLength: parts.info.contextLength,
      draftRunner: parts.draftRunner,
      prefixCache: parts.prefixCache,
      constraints: parts.constraints,
    };
  }

  /**
   * Streams events for one request: `token`, `text-delta`, `prefill-progress`, then `finish` with usage and
   * timings. Breaking out of the loop cancels the generation. Bad options throw here, before anything runs.
   */
  stream(request: GenerateRequest): AsyncIterable<StreamEvent> {
    this.assertAlive();
    const input = validateInput(request);
    const options = { ...this.defaults, ...stripInput(request) };
    const tools = resolveTools(options.tools);
    const promptTokens =
      input.prompt !== undefined
        ? this.tokenizer.encode(input.prompt)
        : this.tokenizer.encodeChat(input.messages, {
            addGenerationPrompt: true,
            context: tools && { tools },
          });
    // The prefix cache holds caches of the engine's policy only, so only such requests share it.
    const prefixCache = options.kvCache === undefined ? this.rt.prefixCache : undefined;
    const match = prefixCache?.lookup(promptTokens, { maxReuse: promptTokens.length - 1 });
    const cache = match?.cache ?? this.createCache(options.kvCache);
    return runGeneration(
      this.rt,
      {
        promptTokens,
        cache,
        onCacheHolds: prefixCache && ((tokens) => prefixCache.insert(tokens, cache)),
        kvCost: options.kvCache && kvCostOf(cache),
        // A one-off request's KV is freed as soon as its work settles (the prefix cache keeps its own fork).
        onSettled: () => cache.clear(),
      },
      options,
    );
  }

  /** Runs one request to the end and resolves with the text, tokens, usage and timings. */
  // Async, so bad options reject rather than throw: stream() checks them synchronously.
  async generate(request: GenerateRequest): Promise<GenerateResult> {
    return resultOf(this.stream(request));
  }

  /** Starts a conversation that reuses its KV cache from turn to turn. */
  chat(options: ChatSessionOptions = {}): ChatSession {
    this.assertAlive();
    return new ChatSession(this.rt, this.createCache(options.kvCache), {
      ...options,
      defaults: { ...this.defaults, ...options.defaults },
      sharePrefixes: options.kvCache === undefined,
    });
  }

  /** Tokens a prompt (raw text) or a chat (through the template, with the generation prompt) takes. */
  countTokens(input: string | ChatMessage[]): number {
    if (typeof input === 'string') return this.tokenizer.encode(input).length;
    return this.tokenizer.encodeChat(input, { addGenerationPrompt: true }).length;
  }

  /** Releases the model. Waiting requests reject with `DISPOSED`. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.rt.prefixCache?.clear();
    this.rt.scheduler.dispose();
    await this.draftRunner?.dispose();
    await this.runner.dispose();
  }

  /** A cache under the request's policy, or the engine's; a malformed policy is `INVALID_OPTIONS` before any work. */
  private createCache(policy?: KVCachePolicy): KVCache {
    const chosen = policy === undefined ? this.kvCache : validateKVCachePolicy(policy);
    return createKVCache(this.runner.kvLayout, chosen);
  }

  private assertAlive(): void {
    if (this.disposed) throw new PocketLMError('DISPOSED', 'The engine has been disposed.');
  }
}

function stripInput(request: GenerateRequest): GenerateOptions {
  const { prompt: _p, messages: _m, ...options } = request;
  return options;
}
