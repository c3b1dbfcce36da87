import { PocketLMError } from '../errors/pocketlm-error.js';
import type { KVCache } from '../kv-cache/kv-cache.js';
import type { KVCachePolicy } from '../kv-cache/kv-cache-policy.js';
import type { ChatMessage } from '../tokenizer/tokenizer.js';
import type { GenerateOptions } from './generate-options.js';
import { type GenerationRuntime, kvCostOf, runGeneration } from './run-generation.js';
import type { GenerateResult, StreamEvent } from './stream-events.js';

export interface ChatSessionOptions {
  /** A system prompt placed first in the history. */
  system?: string;
  /** Messages to start from (after the system prompt). */
  messages?: ChatMessage[];
  /** Defaults for every turn; per-turn options override them. */
  defaults?: GenerateOptions;
  /** The session's KV policy (it lives across turns, so it is chosen once, here). */
  kvCache?: KVCachePolicy;
}

/** @internal What the engine adds when it creates a session. */
interface ChatSessionParts extends ChatSessionOptions {
  /** Whether the session's cache may come from and go to the engine's prefix cache (same KV policy). */
  sharePrefixes?: boolean;
}

/**
 * A conversation that keeps its KV cache between turns. Each turn renders the whole history through the chat
 * template, reuses the cached KV of the longest common token prefix, and computes only the rest.
 */
export class ChatSession {
  private readonly rt: GenerationRuntime;
  private cache: KVCache;
  private readonly sharePrefixes: boolean;
  private readonly defaults: GenerateOptions;
  private history: ChatMessage[];
  /** The token ids of the sequence the cache was computed over, by position (evicted ones included). */
  private cachedTokens: number[] = [];
  private busy = false;

  /** @internal Created by `engine.chat()`. */
  constructor(rt: GenerationRuntime, cache: KVCache, options: ChatSessionParts = {}) {
    this.rt = rt;
    this.cache = cache;
    this.sharePrefixes = options.sharePrefixes ?? false;
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
    const prefixCache = this.sharePrefixes ? this.rt.prefixCache : undefined;
    // Another session or request may have computed more of this prompt (a shared system prompt, say).
    const maxReuse = promptTokens.length - 1;
    const match =
      prefixCache && prefixCache.matchLength(promptTokens, { maxReuse }) > reuse
        ? prefixCache.lookup(promptTokens, { maxReuse })
        : undefined;
    if (match) {
      this.cache.clear();
      this.cache = match.cache;
      this.cachedTokens = promptTokens.slice(0, match.length);
    }
    const cache = this.cache;
    const events = runGeneration(
      this.rt,
      {
        promptTokens,
        cache,
        onCacheHolds: prefixCache && ((tokens) => prefixCache.insert(tokens, cache)),
        // A session with its own policy books its own KV cost against a memory budget.
        kvCost: this.sharePrefixes ? undefined : kvCostOf(cache),
      },
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

  /**
   * How many leading cached entries the new prompt can keep: the common token prefix, but only as far as the cache
   * still holds every token in order (entry i at position i). Past an evicted gap, entry i is not token i.
   */
  private reusableLength(promptTokens: number[]): number {
    const positions = this.cache.positions();
    let intact = 0;
    while (intact < positions.length && positions[intact] === intact) intact++;
    const max = Math.min(this.cachedTokens.length, intact, promptTokens.length - 1);
    let n = 0;
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
      // Whatever happened (finish, abort, error), the cache's entry at position i holds token i of this list.
      this.cachedTokens = [...promptTokens, ...generated];
      this.busy = false;
    }
  }
}
