import { abortError, type EngineLoadProgress, PocketLMError, type StreamEvent } from '@pocketlm/core';
import { type MessageEndpoint, messageData } from './message-endpoint.js';
import {
  isProtocolMessage,
  type PageMessage,
  PROTOCOL,
  type WorkerMessage,
  type WorkerRequest,
  type WorkerResults,
} from './protocol.js';
import { deserializeError } from './serialize-error.js';

/** Callbacks and signal of one request. */
export interface RequestHandlers {
  signal?: AbortSignal;
  onProgress?: (event: EngineLoadProgress) => void;
  onEvent?: (event: StreamEvent) => void;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: PocketLMError): void;
  handlers: RequestHandlers;
}

/**
 * The page end of the worker protocol: numbers requests, routes the worker's progress, events, results and
 * errors back to them, forwards aborts, and — when the worker dies (`error` or `close` on the endpoint) — rejects
 * every pending request with `WORKER_CRASHED` and refuses new ones.
 */
export class WorkerClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private dead: PocketLMError | undefined;

  constructor(private readonly endpoint: MessageEndpoint) {
    endpoint.addEventListener('message', this.onMessage);
    endpoint.addEventListener('error', this.onCrash);
    endpoint.addEventListener('close', this.onCrash);
    endpoint.start?.();
  }

  /** Sends a request and resolves with the worker's result (rejects with the worker's error, code intact). */
  request<K extends WorkerRequest['type']>(
    request: Extract<WorkerRequest, { type: K }>,
    handlers: RequestHandlers = {},
  ): Promise<WorkerResults[K]> {
    return this.send(request, handlers).done;
  }

  /** Like `request`, but also gives the request's id (to abort it later with {@link WorkerClient.abort}). */
  send<K extends WorkerRequest['type']>(
    request: Extract<WorkerRequest, { type: K }>,
    handlers: RequestHandlers = {},
  ): { id: number; done: Promise<WorkerResults[K]> } {
    const id = this.nextId++;
    if (this.dead) return { id, done: Promise.reject(this.dead) };
    const { signal } = handlers;
    if (signal?.aborted) return { id, done: Promise.reject(abortError(signal)) };
    const done = new Promise<WorkerResults[K]>((resolve, reject) => {
      const onAbort = () => this.post({ protocol: PROTOCOL, kind: 'abort', id });
      const settle = () => signal?.removeEventListener('abort', onAbort);
      this.pending.set(id, {
        resolve: (value) => {
          settle();
          resolve(value as WorkerResults[K]);
        },
        reject: (error) => {
          settle();
          reject(error);
        },
        handlers,
      });
      signal?.addEventListener('abort', onAbort, { once: true });
      try {
        this.post({ protocol: PROTOCOL, kind: 'request', id, request });
      } catch (cause) {
        this.pending.delete(id);
        settle();
        // Structured clone refused something in the request (a function, a class instance).
        reject(
          new PocketLMError('INVALID_OPTIONS', `The request cannot be sent to the worker: ${String(cause)}`, {
            cause,
          }),
        );
      }
    });
    return { id, done };
  }

  /** Asks the worker to stop request `id` early (used when a stream consumer stops reading). */
  abort(id: number): void {
    if (!this.dead) this.post({ protocol: PROTOCOL, kind: 'abort', id });
  }

  /** Rejects everything pending with `error` and refuses new requests; stops listening. */
  close(error: PocketLMError): void {
    if (this.dead) return;
    this.dead = error;
    this.endpoint.removeEventListener('message', this.onMessage);
    this.endpoint.removeEventListener('error', this.onCrash);
    this.endpoint.removeEventListener('close', this.onCrash);
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }

  private post(message: PageMessage): void {
    this.endpoint.postMessage(message);
  }

  private readonly onMessage = (event: Event) => {
    const data = messageData(event);
    if (!isProtocolMessage(data)) return;
    const message = data as WorkerMessage;
    const pending = this.pending.get(message.id);
    if (!pending) return;
    switch (message.kind) {
      case 'progress':
        pending.handlers.onProgress?.(message.event);
        break;
      case 'event':
        pending.handlers.onEvent?.(message.event);
        break;
      case 'result':
        this.pending.delete(message.id);
        pending.resolve(message.value);
        break;
      case 'error':
        this.pending.delete(message.id);
        pending.reject(deserializeError(message.error));
        break;
    }
  };

  private readonly onCrash = (event: Event) => {
    const reason = (event as ErrorEvent).message || (event as { error?: Error }).error?.message || event.type;
    this.close(
      new PocketLMError(
        'WORKER_CRASHED',
        `The engine worker stopped (${reason}); its requests cannot finish.`,
        {
          details: { event: event.type, reason },
        },
      ),
    );
    this.endpoint.terminate?.();
  };
}
