/**
 * A started worker running the package's kernel worker script (`dist/kernel-worker.js`), seen the same way
 * whatever runtime started it. Build one from a Web Worker with {@link fromWebWorker} or from a Node
 * `worker_threads` Worker with {@link fromNodeWorker}.
 */
export interface KernelWorker {
  postMessage(message: unknown): void;
  /** Registers the handlers of the worker's messages and of its failure (an uncaught error, or an exit). */
  listen(onMessage: (data: unknown) => void, onFailure: (error: unknown) => void): void;
  terminate(): void;
}

/** Starts one kernel worker; the backend calls it once per extra thread. */
export type CreateKernelWorker = () => KernelWorker;

/** The part of a Web Worker (or anything like it) {@link fromWebWorker} uses. */
export interface WebWorkerLike {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  addEventListener(type: 'error' | 'messageerror', listener: (event: unknown) => void): void;
  terminate(): void;
}

/** The part of Node's `worker_threads.Worker` {@link fromNodeWorker} uses. */
export interface NodeWorkerLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (data: unknown) => void): unknown;
  on(event: 'error', listener: (error: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  terminate(): unknown;
  unref?(): void;
}

/** Adapts a Web Worker started on `kernel-worker.js` (as a module worker). */
export function fromWebWorker(worker: WebWorkerLike): KernelWorker {
  return {
    postMessage: (message) => worker.postMessage(message),
    listen(onMessage, onFailure) {
      worker.addEventListener('message', (event) => onMessage(event.data));
      worker.addEventListener('error', (event) => {
        const message = (event as { message?: string }).message;
        onFailure(new Error(message ? `worker error: ${message}` : 'the worker failed to load or threw'));
      });
      worker.addEventListener('messageerror', () =>
        onFailure(new Error('a message to the worker could not be read')),
      );
    },
    terminate: () => worker.terminate(),
  };
}

/** Adapts a Node `worker_threads` Worker started on `kernel-worker.js`. */
export function fromNodeWorker(worker: NodeWorkerLike): KernelWorker {
  // A runner that is never disposed must not keep the process alive.
  worker.unref?.();
  return {
    postMessage: (message) => worker.postMessage(message),
    listen(onMessage, onFailure) {
      worker.on('message', onMessage);
      worker.on('error', onFailure);
      worker.on('exit', (code) => onFailure(new Error(`the worker exited (code ${code})`)));
    },
    terminate: () => {
      void worker.terminate();
    },
  };
}
