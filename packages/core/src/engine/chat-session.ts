import { PocketLMError } from '../errors/pocketlm-error.js';
import type { KVCache } from '../kv-cache/kv-cache.js';
import type { ChatMessage } from '../tokenizer/tokenizer.js';
import type { GenerateOptions } from './generate-options.js';
import { type GenerationRuntime, runGeneration } from './run-generation.js';
import type { GenerateResult, StreamEvent } from './stream-events.js';

export interface ChatSessionOptions {
  /** A system prompt placed first in the history. */
  system?: string;
  /** Messages to start from (after the system prompt). */
  messages?: ChatMessage[];
  /** Defaults for every turn; per-turn options override them. */
  defaults?: GenerateOptions;
}

/**
 * A conversation that keeps its KV cache between turns. Each turn renders the whole history through the chat
 * template, reuses the cached KV of the longest common token prefix, and computes only the rest.
 */
export class ChatSession {
  private readonly rt: GenerationRuntime;
  private readonly cache: KVCache;
  private readonly defaults: GenerateOptions;
  private history: ChatMessage[];
  /** The token ids whose KV the cache holds, in order. */
  private cachedTokens: number[] = [];
  private busy = false;

  /** @internal Created by `engine.chat()`. */
  constructor(rt: GenerationRuntime, cache: KVCache, options: ChatSessionOptions = {}) {
    this.rt = rt;
    this.cache = cache;
    this.defaults = options.defaults ?? {};
    this.history = [
      ...(options.system !== undefined ? [{ role: 'system', content: options.system }] : []),
      ...(options.messages ?? []),
    ];
  }

  /** The conversation so far (a copy). */
  get messages(): ChatMessage[] {
    return this.history.map((m) => ({ ...m }));
  }

  /** Tokens whose KV is kept for the next turn. */
  get cachedTokenCount(): number {
    return this.cache.length;
  }

  /**
   * Sends a user message and streams the reply. The reply joins the history when the stream finishes; if it is
   * aborted or fails, the history is left as it was before the call.
   */
  stream(content: string, options: GenerateOptions = {}): AsyncIterable<StreamEvent> {
    if (typeof content !== 'string')
      throw new PocketLMError('INVALID_OPTIONS', 'A chat message must be a string.');
    if (this.busy)
      throw new PocketLMError('INVALID_OPTIONS', 'This chat session is already generating a reply.');
    const messages = [...this.history, { role: 'user', content }];
    const promptTokens = this.rt.tokenizer.encodeChat(messages, { addGenerationPrompt: true });
    const reuse = this.reusableLength(promptTokens);
    this.cache.truncate(reuse);
    this.cachedTokens.length = reuse;
    const events = runGeneration(
      this.rt,
      { promptTokens, cache: this.cache },
      { ...this.defaults, ...options },
    );
    this.busy = true;
    return this.track(events, promptTokens, messages);
  }

  /** Sends a user message and resolves with the whole reply. */
  async send(content: string, options: GenerateOptions = {}): Promise<GenerateResult> {
    for await (const event of this.stream(content, options)) {
      if (event.type === 'finish') {
        const { type: _, ...result } = event;
        return result;
      }
    }
    throw new PocketLMError('BACKEND_ERROR', 'The reply ended without a finish event.');
  }

  /** Forgets the conversation (keeping the system prompt) and frees the cached KV. */
  reset(): void {
    this.history = this.history.filter((m, i) => i === 0 && m.role === 'system');
    this.cache.clear();
    this.cachedTokens = [];
  }

  /** Frees the cached KV; the session can still be used and will recompute. */
  dispose(): void {
    this.cache.clear();
    this.cachedTokens = [];
  }

  private reusableLength(promptTokens: number[]): number {
    let n = 0;
    const max = Math.min(this.cachedTokens.length, this.cache.length, promptTokens.length - 1);
    while (n < max && this.cachedTokens[n] === promptTokens[n]) n++;
    return n;
  }

  private async *track(
    events: AsyncIterable<StreamEvent>,
    promptTokens: number[],
    messages: ChatMessage[],
  ): AsyncIterable<StreamEvent> {
    const generated: number[] = [];
    try {
      for await (const event of events) {
        if (event.type === 'token') generated.push(event.id);
        if (event.type === 'finish') this.history = [...messages, { role: 'assistant', content: event.text }];
        yield event;
      }
    } finally {
      // Whatever happened (finish, abort, error), the cache holds a prefix of prompt + generated tokens.
      this.cachedTokens = [...promptTokens, ...generated].slice(0, this.cache.length);
      this.busy = false;
    }
  }
}
