/**
 * Anything messages travel over: a `Worker` (page side), the worker's global scope (`self`), a `MessagePort`, or
 * in Node a `worker_threads` `MessagePort` / `parentPort`. Only `postMessage` and `addEventListener('message')` are
 * needed; `error` and `close` events, where the endpoint has them, tell the page that the worker died.
 */
export interface MessageEndpoint {
  postMessage(message: unknown): void;
  addEventListener(type: string, listener: (event: Event) => void): void;
  removeEventListener(type: string, listener: (event: Event) => void): void;
  /** `MessagePort`s queue messages until started (implicit with `onmessage`, explicit with `addEventListener`). */
  start?(): void;
  /** A `Worker`'s: stops it when the engine is disposed or the worker crashed. */
  terminate?(): void;
}

/** The `data` of a message event. */
export function messageData(event: Event): unknown {
  return (event as MessageEvent).data;
}
