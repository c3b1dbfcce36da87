import {
  type ChatMessage,
  type EngineLoadProgress,
  type GenerateRequest,
  type GenerateResult,
  PocketLMError,
  resultOf,
  type StreamEvent,
  type WeightDType,
} from '@pocketlm/core';
import { eventStream } from './event-stream.js';
import type { MessageEndpoint } from './message-endpoint.js';
import type { WorkerChatOptions, WorkerEngineInfo, WorkerLoadOptions } from './protocol.js';
import { WorkerChatSession } from './worker-chat-session.js';
import { WorkerClient } from './worker-client.js';

/** What `WorkerEngine.load` takes: the engine options that can cross to the worker, plus progress and a signal. */
export interface WorkerEngineLoadOptions extends Omit<WorkerLoadOptions, 'model' | 'dtype'> {
  /** A hub id (`org/name@revision`) or an http(s) base URL; the worker downloads it into its store. */
  model: string;
  dtype?: WeightDType;
  /** Download and load progress, forwarded from the worker. */
  onProgress?: (event: EngineLoadProgress) => void;
  /** Aborts the load in the worker (`ABORTED`). */
  signal?: AbortSignal;
}

/** Options of {@link createWorkerEngine}. */
export interface CreateWorkerEngineOptions {
  /** Stop the worker (`terminate()`) when the engine is disposed; default true. False keeps it for reuse. */
  terminateOnDispose?: boolean;
}

/**
 * An engine running in a Web Worker, driven from the page: the same calls as core's `Engine` (`stream`,
 * `generate`, `chat`, `countTokens`), asynchronous where the in-thread engine answers at once, plus the worker's
 * model store. Inference never blocks the page. Errors keep their `code`; if the worker dies, every pending call
 * rejects with `WORKER_CRASHED`.
 */
export class WorkerEngine {
  private readonly client: WorkerClient;
  private nextSession = 1;
  private loaded: WorkerEngineInfo | undefined;
  private disposed = false;

  /** @internal Use {@link createWorkerEngine}. */
  constructor(
    private readonly endpoint: MessageEndpoint,
    private readonly options: CreateWorkerEngineOptions = {},
  ) {
    this.client = new WorkerClient(endpoint);
  }

  /** Facts about the loaded model (undefined before `load` resolves). */
  get info(): WorkerEngineInfo | undefined {
    return this.loaded;
  }

  /**
   * Loads a model in the worker (replacing one loaded before) and resolves with its facts: the device report,
   * and `fromStore` when nothing had to be downloaded.
   */
  async load(options: WorkerEngineLoadOptions): Promise<WorkerEngineInfo> {
    this.assertAlive();
    const { onProgress, signal, ...rest } = options;
    this.loaded = undefined;
    this.loaded = await this.client.request({ type: 'load', options: rest }, { onProgress, signal });
    return this.loaded;
  }

  /** Streams a reply (`text-delta`, `token`, … `finish`). `signal` or breaking out aborts it in the worker. */
  stream(request: GenerateRequest): AsyncIterable<StreamEvent> {
    this.assertAlive();
    const { signal, ...rest } = request;
    return eventStream(this.client, { type: 'stream', request: rest }, signal);
  }

  /** Runs a request to the end and resolves with the text, tokens, usage and timings. */
  generate(request: GenerateRequest): Promise<GenerateResult> {
    return resultOf(this.stream(request));
  }

  /** Starts a conversation whose KV cache stays in the worker between turns. */
  chat(options: WorkerChatOptions = {}): WorkerChatSession {
    this.assertAlive();
    return new WorkerChatSession(this.client, this.nextSession++, options);
  }

  /** Tokens a prompt (raw text) or a chat (through the template, with the generation prompt) takes. */
  countTokens(input: string | ChatMessage[]): Promise<number> {
    return this.client.request({ type: 'count-tokens', input });
  }

  /** The worker's model store: stored model keys, deleting one, or everything. */
  readonly store = {
    list: (): Promise<string[]> => this.client.request({ type: 'store-list' }),
    delete: (key: string): Promise<void> => this.client.request({ type: 'store-delete', key }),
    clear: (): Promise<void> => this.client.request({ type: 'store-clear' }),
  };

  /** Releases the model in the worker and stops the worker (see `terminateOnDispose`); later calls reject with `DISPOSED`. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.client.request({ type: 'dispose' }).catch(() => {});
    this.client.close(new PocketLMError('DISPOSED', 'The worker engine has been disposed.'));
    if (this.options.terminateOnDispose !== false) this.endpoint.terminate?.();
  }

  private assertAlive(): void {
    if (this.disposed) throw new PocketLMError('DISPOSED', 'The worker engine has been disposed.');
  }
}

/**
 * Connects to an engine worker (a script that calls `serveEngine`). Accepts a `Worker`, a `MessagePort`, or any
 * endpoint with `postMessage` and `addEventListener`.
 *
 * @example
 * ```ts
 * const worker = new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module' });
 * const engine = createWorkerEngine(worker);
 * const info = await engine.load({ model: 'HuggingFaceTB/SmolLM2-135M-Instruct', onProgress: console.log });
 * for await (const e of engine.stream({ prompt: 'Hello' })) if (e.type === 'text-delta') out.append(e.text);
 * ```
 */
export function createWorkerEngine(
  worker: MessageEndpoint,
  options: CreateWorkerEngineOptions = {},
): WorkerEngine {
  return new WorkerEngine(worker, options);
}
