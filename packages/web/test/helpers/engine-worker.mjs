// A real engine worker for the Node tests: serves the web backend (onnxruntime-web, WASM) with a file store, as a
// browser worker would with OPFS. `crash` messages are this test worker's own: they make it fail the way a real
// worker can (an uncaught exception, or the thread exiting), to check that the page sees WORKER_CRASHED.
import { parentPort, workerData } from 'node:worker_threads';
import { FileModelStore } from '@pocketlm/node';
import { serveEngine, webBackend } from '@pocketlm/web';
import * as ort from 'onnxruntime-web';

const store = new FileModelStore({ root: workerData.storeDir });
serveEngine(parentPort, { backend: webBackend({ ort, device: 'wasm', store }) });
parentPort.on('message', (message) => {
  if (message?.test === 'throw')
    setTimeout(() => {
      throw new Error('boom in the worker');
    });
  if (message?.test === 'exit') process.exit(3);
});
