import { type Backend, type ChatSession, type Engine, PocketLMError, type StreamEvent } from '@pocketlm/core';
import { webBackend } from '../backend/web-backend.js';
import { createWebEngine } from '../engine/create-web-engine.js';
import { type MessageEndpoint, messageData } from './message-endpoint.js';
import {
  isProtocolMessage,
  type PageMessage,
  PROTOCOL,
  type WorkerEngineInfo,
  type WorkerMessage,
  type WorkerRequest,
} from './protocol.js';
import { serializeError } from './serialize-error.js';

/** Options of {@link serveEngine}. */
export interface ServeEngineOptions {
  /** The backend engines load on, or a factory called once; default `webBackend()` (OPFS store). */
  backend?: Backend | (() => Backend);
  /** The fetch downloads use (auth headers, a mirror…); default the worker's global fetch. */
  fetch?: typeof fetch;
}

/** What {@link serveEngine} returns: a way to stop serving (the worker's engine is disposed). */
export interface EngineServer {
  close(): Promise<void>;
}

/**
 * Serves engines to a page over `scope` (inside a Web Worker: `self`, the default). The page's
 * `createWorkerEngine` sends requests; this loads one engine at a time on the web backend, streams events back,
 * runs chat sessions and store operations, and aborts a request when the page says so. Errors cross with their
 * `code`.
 *
 * @example
 * ```ts
 * // engine.worker.ts
 * import { serveEngine, webBackend } from '@pocketlm/web';
 * serveEngine(self, { backend: webBackend({ wasmPaths: '/ort/' }) });
 * ```
 */
export function serveEngine(
  scope: MessageEndpoint = globalThis as unknown as MessageEndpoint,
  options: ServeEngineOptions = {},
): EngineServer {
  let backend: Backend | undefined;
  const getBackend = () => {
    backend ??= typeof options.backend === 'function' ? options.backend() : (options.backend ?? webBackend());
    return backend;
  };
  let engine: Engine | undefined;
  const sessions = new Map<number, ChatSession>();
  const aborts = new Map<number, AbortController>();

  const post = (message: WorkerMessage) => scope.postMessage(message);
  const requireEngine = (): Engine => {
    if (!engine)
      throw new PocketLMError('INVALID_OPTIONS', 'No model is loaded in the worker: call load() first.');
    return engine;
  };
  const requireSession = (id: number): ChatSession => {
    const session = sessions.get(id);
    if (!session)
      throw new PocketLMError('DISPOSED', `Chat session ${id} does not exist (disposed or never opened).`);
    return session;
  };
  const pipe = async (id: number, events: AsyncIterable<StreamEvent>) => {
    for await (const event of events) post({ protocol: PROTOCOL, kind: 'event', id, event });
  };

  const handle = async (id: number, request: WorkerRequest, signal: AbortSignal): Promise<unknown> => {
    switch (request.type) {
      case 'load': {
        const previous = engine;
        engine = undefined;
        sessions.clear();
        await previous?.dispose();
        const chosen = getBackend();
        const loaded = await createWebEngine({
          ...request.options,
          backend: chosen,
          fetch: options.fetch,
          signal,
          onProgress: (event) => post({ protocol: PROTOCOL, kind: 'progress', id, event }),
        });
        engine = loaded.engine;
        const info: WorkerEngineInfo = {
          ...loaded.engine.info,
          capabilities: loaded.capabilities,
          fromStore: loaded.fromStore,
        };
        return info;
      }
      case 'stream':
        await pipe(id, requireEngine().stream({ ...request.request, signal }));
        return undefined;
      case 'chat-open':
        sessions.set(request.session, requireEngine().chat(request.options));
        return undefined;
      case 'chat-stream':
        await pipe(
          id,
          requireSession(request.session).stream(request.content, { ...request.options, signal }),
        );
        return undefined;
      case 'chat-reset':
        requireSession(request.session).reset();
        return undefined;
      case 'chat-dispose':
        sessions.get(request.session)?.dispose();
        sessions.delete(request.session);
        return undefined;
      case 'count-tokens':
        return requireEngine().countTokens(request.input);
      case 'store-list':
        return getBackend().store.list();
      case 'store-delete':
        await getBackend().store.delete(request.key);
        return undefined;
      case 'store-clear': {
        const store = getBackend().store as { clear?: () => Promise<void> } & Backend['store'];
        if (typeof store.clear === 'function') await store.clear();
        else for (const key of await store.list()) await store.delete(key);
        return undefined;
      }
      case 'dispose': {
        const current = engine;
        engine = undefined;
        sessions.clear();
        await current?.dispose();
        return undefined;
      }
      default:
        throw new PocketLMError(
          'INVALID_OPTIONS',
          `Unknown worker request ${JSON.stringify((request as { type?: unknown }).type)}.`,
        );
    }
  };

  const onMessage = (event: Event) => {
    const data = messageData(event);
    if (!isProtocolMessage(data)) return;
    const message = data as PageMessage;
    if (message.kind === 'abort') {
      aborts.get(message.id)?.abort(new PocketLMError('ABORTED', 'The page aborted the request.'));
      return;
    }
    if (message.kind !== 'request') return;
    const controller = new AbortController();
    aborts.set(message.id, controller);
    handle(message.id, message.request, controller.signal)
      .then((value) => post({ protocol: PROTOCOL, kind: 'result', id: message.id, value }))
      .catch((error: unknown) =>
        post({ protocol: PROTOCOL, kind: 'error', id: message.id, error: serializeError(error) }),
      )
      .finally(() => aborts.delete(message.id));
  };
  scope.addEventListener('message', onMessage);
  scope.start?.();

  return {
    close: async () => {
      scope.removeEventListener('message', onMessage);
      for (const controller of aborts.values()) controller.abort();
      const current = engine;
      engine = undefined;
      sessions.clear();
      await current?.dispose();
    },
  };
}
