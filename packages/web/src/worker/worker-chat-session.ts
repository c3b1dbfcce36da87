import {
  type ChatMessage,
  type GenerateOptions,
  type GenerateResult,
  resultOf,
  type StreamEvent,
} from '@pocketlm/core';
import { eventStream } from './event-stream.js';
import type { WorkerChatOptions } from './protocol.js';
import type { WorkerClient } from './worker-client.js';

/**
 * A chat session whose KV cache lives in the worker: the page-side mirror of core's `ChatSession`. Turns run one
 * at a time in the worker; `messages` is the history as the page has seen it (system prompt, then each turn).
 */
export class WorkerChatSession {
  private readonly history: ChatMessage[];
  private readonly opened: Promise<undefined>;

  /** @internal Use `WorkerEngine.chat()`. */
  constructor(
    private readonly client: WorkerClient,
    private readonly id: number,
    options: WorkerChatOptions,
  ) {
    this.history = [
      ...(options.system !== undefined ? [{ role: 'system' as const, content: options.system }] : []),
      ...(options.messages ?? []),
    ];
    this.opened = client.request({ type: 'chat-open', session: id, options });
    // Surfaced on the first turn; an unobserved rejection here would only be noise.
    this.opened.catch(() => {});
  }

  /** The conversation so far. */
  get messages(): ChatMessage[] {
    return this.history.map((m) => ({ ...m }));
  }

  /** Sends a user message and streams the reply; the reply joins the history when it finishes. */
  async *stream(content: string, options: GenerateOptions = {}): AsyncGenerator<StreamEvent> {
    await this.opened;
    const { signal, ...rest } = options;
    for await (const event of eventStream(
      this.client,
      { type: 'chat-stream', session: this.id, content, options: rest },
      signal,
    )) {
      if (event.type === 'finish') {
        this.history.push({ role: 'user', content }, { role: 'assistant', content: event.text });
      }
      yield event;
    }
  }

  /** Sends a user message and resolves with the whole reply. */
  send(content: string, options: GenerateOptions = {}): Promise<GenerateResult> {
    return resultOf(this.stream(content, options));
  }

  /** Forgets the turns (keeps the system prompt) and the worker's cached KV. */
  async reset(): Promise<void> {
    await this.opened;
    await this.client.request({ type: 'chat-reset', session: this.id });
    this.history.splice(this.history[0]?.role === 'system' ? 1 : 0);
  }

  /** Frees the session's KV cache in the worker. */
  async dispose(): Promise<void> {
    await this.opened.catch(() => {});
    await this.client.request({ type: 'chat-dispose', session: this.id });
  }
}
