import type { Worker } from 'node:worker_threads';
import type { MessageEndpoint } from '../../src/index.js';

/**
 * A Node `worker_threads` Worker seen as the browser sees a `Worker`: messages, `error` for an uncaught exception,
 * and `close` when the thread exits. Node's Worker is an EventEmitter, so this bridges it to EventTarget.
 */
export function nodeWorkerEndpoint(worker: Worker): MessageEndpoint {
  const target = new EventTarget();
  worker.on('message', (data) => target.dispatchEvent(new MessageEvent('message', { data })));
  worker.on('error', (error) => {
    const event = new Event('error');
    Object.assign(event, { message: error.message, error });
    target.dispatchEvent(event);
  });
  worker.on('exit', () => target.dispatchEvent(new Event('close')));
  return {
    postMessage: (message) => worker.postMessage(message),
    addEventListener: (type, listener) => target.addEventListener(type, listener),
    removeEventListener: (type, listener) => target.removeEventListener(type, listener),
    terminate: () => {
      void worker.terminate();
    },
  };
}
