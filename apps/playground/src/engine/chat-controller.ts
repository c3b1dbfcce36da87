import { type ChatMessage, PocketLMError } from '@pocketlm/core';
import type { BackendChoice } from '../state/backend-choice.js';
import { backendLabel, type PlaygroundState } from '../state/playground-state.js';
import { ReplyClock } from '../state/reply-stats.js';
import type { Store } from '../state/store.js';
import type { SendRequest } from '../ui/composer.js';
import { errorView, isAbort } from './error-view.js';
import type { PlaygroundEngine } from './playground-engine.js';

/** Starts a fresh engine (a new worker) for a backend. */
export type EngineFactory = (backend: BackendChoice) => PlaygroundEngine;

/**
 * Turns what the user does (load, send, stop, delete, pick a backend) into engine calls, and what the engine
 * reports into store actions. The only place that talks to the engine; the UI only reads the store and calls
 * these methods.
 *
 * It also owns the engine's life: picking a backend swaps in that backend's worker, and when the worker dies
 * (`WORKER_CRASHED` from any call, or an `error` from an idle worker) it is replaced by a fresh one, so the page
 * stays usable without a reload.
 */
export class ChatController {
  readonly #store: Store;
  readonly #startEngine: EngineFactory;
  #engine: PlaygroundEngine;
  #reply?: AbortController;
  /** The streaming reply's clock and backend label, so a crash can still end it with stats. */
  #replyClock?: { clock: ReplyClock; backend: string };
  #load?: AbortController;

  constructor(store: Store, startEngine: EngineFactory) {
    this.#store = store;
    this.#startEngine = startEngine;
    this.#engine = this.#start(store.state.backend);
  }

  /** Debug: crashes the current engine's worker (the recovery then runs as it would for a real crash). */
  crashEngine(): void {
    this.#engine.crash();
  }

  /** Switches to `backend`'s worker; the old worker (and the model loaded in it) is stopped. */
  async selectBackend(backend: BackendChoice): Promise<void> {
    const state = this.#store.state;
    if (state.backend === backend || state.model.kind === 'loading' || state.streamingTurnId !== undefined)
      return;
    const previous = this.#engine;
    this.#engine = this.#start(backend);
    this.#store.dispatch({ type: 'backend-selected', backend });
    await previous.dispose().catch(() => {});
  }

  async load(source: string): Promise<void> {
    const engine = this.#engine;
    this.#store.dispatch({ type: 'load-started', source });
    const controller = new AbortController();
    this.#load = controller;
    try {
      const model = await engine.load({
        source,
        signal: controller.signal,
        onProgress: (event) => this.#store.dispatch({ type: 'load-progress', event }),
        onPhase: (phase) => this.#store.dispatch({ type: 'load-phase', phase }),
      });
      this.#store.dispatch({ type: 'load-succeeded', model });
    } catch (error) {
      if (isWorkerCrash(error)) this.#recover(engine);
      else if (controller.signal.aborted && isAbort(error)) this.#store.dispatch({ type: 'load-cancelled' });
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
    const engine = this.#engine;
    const backend = backendLabel(state.model.model);
    this.#store.dispatch({ type: 'message-sent', text: request.text });
    const controller = new AbortController();
    this.#reply = controller;
    const clock = new ReplyClock();
    this.#replyClock = { clock, backend };
    try {
      const events = engine.stream({
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
      if (isWorkerCrash(error)) {
        this.#recover(engine);
      } else if (isAbort(error) || controller.signal.aborted) {
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
      if (this.#reply === controller) {
        this.#reply = undefined;
        this.#replyClock = undefined;
      }
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
    const engine = this.#engine;
    try {
      this.#store.dispatch({ type: 'cache-listed', models: await engine.listCached() });
    } catch (error) {
      if (isWorkerCrash(error)) this.#recover(engine);
      else this.#store.dispatch({ type: 'error-shown', error: errorView(error) });
    }
  }

  async deleteCached(key: string): Promise<void> {
    await this.#guard((engine) => engine.deleteCached(key));
  }

  async clearCached(): Promise<void> {
    await this.#guard((engine) => engine.clearCached());
  }

  async #guard(work: (engine: PlaygroundEngine) => Promise<void>): Promise<void> {
    const engine = this.#engine;
    try {
      await work(engine);
    } catch (error) {
      if (isWorkerCrash(error)) this.#recover(engine);
      else this.#store.dispatch({ type: 'error-shown', error: errorView(error) });
    }
    await this.refreshCached();
  }

  #start(backend: BackendChoice): PlaygroundEngine {
    const engine = this.#startEngine(backend);
    engine.onCrash(() => this.#recover(engine));
    return engine;
  }

  /**
   * Replaces `crashed` with a fresh engine on the same backend, once: a crash rejects every pending call and
   * fires the worker's `error`, and each of those lands here; only the first, while `crashed` is current, acts.
   */
  #recover(crashed: PlaygroundEngine): void {
    if (this.#engine !== crashed) return;
    this.#engine = this.#start(this.#store.state.backend);
    const reply = this.#replyClock;
    this.#store.dispatch({ type: 'engine-restarted', stats: reply?.clock.stats(reply.backend, 'error') });
    void crashed.dispose().catch(() => {});
    void this.refreshCached();
  }
}

/** The conversation so far as chat messages: every finished or stopped turn, never the reply being written. */
function history(state: PlaygroundState): ChatMessage[] {
  return state.turns
    .filter((t) => t.id !== state.streamingTurnId && t.status !== 'failed')
    .map((t) => ({ role: t.role, content: t.text }));
}

/** The engine's worker died: every call on it fails until it is replaced. */
function isWorkerCrash(error: unknown): boolean {
  return PocketLMError.isInstance(error, 'WORKER_CRASHED');
}
