import type { ChatMessage } from '@pocketlm/core';
import type { PlaygroundState } from '../state/playground-state.js';
import { ReplyClock } from '../state/reply-stats.js';
import type { Store } from '../state/store.js';
import type { SendRequest } from '../ui/composer.js';
import { errorView, isAbort } from './error-view.js';
import type { PlaygroundEngine } from './playground-engine.js';

/**
 * Turns what the user does (load, send, stop, delete) into engine calls, and what the engine reports into store
 * actions. The only place that talks to the engine; the UI only reads the store and calls these methods.
 */
export class ChatController {
  readonly #store: Store;
  readonly #engine: PlaygroundEngine;
  #reply?: AbortController;
  #load?: AbortController;

  constructor(store: Store, engine: PlaygroundEngine) {
    this.#store = store;
    this.#engine = engine;
  }

  async load(source: string): Promise<void> {
    this.#store.dispatch({ type: 'load-started', source });
    const controller = new AbortController();
    this.#load = controller;
    try {
      const model = await this.#engine.load({
        source,
        signal: controller.signal,
        onProgress: (event) => this.#store.dispatch({ type: 'load-progress', event }),
        onPhase: (phase) => this.#store.dispatch({ type: 'load-phase', phase }),
      });
      this.#store.dispatch({ type: 'load-succeeded', model });
    } catch (error) {
      if (controller.signal.aborted && isAbort(error)) this.#store.dispatch({ type: 'load-cancelled' });
      else this.#store.dispatch({ type: 'load-failed', source, error: errorView(error) });
    } finally {
      if (this.#load === controller) this.#load = undefined;
    }
    // A failed download may still have left a partial file, and a good one added a model: show the store as it is.
    await this.refreshCached();
  }

  async send(request: SendRequest): Promise<void> {
    const state = this.#store.state;
    if (state.model.kind !== 'ready') return;
    const backend = state.model.model.backend;
    this.#store.dispatch({ type: 'message-sent', text: request.text });
    const controller = new AbortController();
    this.#reply = controller;
    const clock = new ReplyClock();
    try {
      const events = this.#engine.stream({
        messages: history(this.#store.state),
        maxTokens: request.maxTokens,
        temperature: request.temperature,
        signal: controller.signal,
      });
      for await (const event of events) {
        if (event.type === 'token') {
          clock.token();
          this.#store.dispatch({ type: 'reply-token', id: event.id });
        } else if (event.type === 'text-delta') {
          this.#store.dispatch({ type: 'reply-text', text: event.text });
        } else if (event.type === 'finish') {
          const stats = clock.stats(backend, event.finishReason, event.timings);
          this.#store.dispatch({ type: 'reply-ended', status: 'done', stats, text: event.text });
          return;
        }
      }
      // A stream that ends without `finish` was cut short (Stop pressed between events).
      this.#store.dispatch({
        type: 'reply-ended',
        status: 'stopped',
        stats: clock.stats(backend, 'stopped'),
      });
    } catch (error) {
      if (isAbort(error) || controller.signal.aborted) {
        this.#store.dispatch({
          type: 'reply-ended',
          status: 'stopped',
          stats: clock.stats(backend, 'stopped'),
        });
      } else {
        this.#store.dispatch({
          type: 'reply-failed',
          error: errorView(error),
          stats: clock.stats(backend, 'error'),
        });
      }
    } finally {
      if (this.#reply === controller) this.#reply = undefined;
    }
  }

  /** Cancels a load in progress; a partial download stays in the store and resumes next time. */
  cancelLoad(): void {
    this.#load?.abort();
  }

  stop(): void {
    this.#reply?.abort();
  }

  async refreshCached(): Promise<void> {
    try {
      this.#store.dispatch({ type: 'cache-listed', models: await this.#engine.listCached() });
    } catch (error) {
      this.#store.dispatch({ type: 'error-shown', error: errorView(error) });
    }
  }

  async deleteCached(key: string): Promise<void> {
    await this.#guard(() => this.#engine.deleteCached(key));
  }

  async clearCached(): Promise<void> {
    await this.#guard(() => this.#engine.clearCached());
  }

  async #guard(work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.#store.dispatch({ type: 'error-shown', error: errorView(error) });
    }
    await this.refreshCached();
  }
}

/** The conversation so far as chat messages: every finished or stopped turn, never the reply being written. */
function history(state: PlaygroundState): ChatMessage[] {
  return state.turns
    .filter((t) => t.id !== state.streamingTurnId && t.status !== 'failed')
    .map((t) => ({ role: t.role, content: t.text }));
}
