// The test page's engine worker: the web backend with its defaults (OPFS store, onnxruntime-web loaded on demand),
// pointed at ORT's wasm files served by the test server. Messages tagged `test` are this test worker's own hooks:
// a tighter storage estimate (the browser's API, overridden as a page would be on a nearly full disk) and a crash.
import { type MessageEndpoint, serveEngine, webBackend } from '../../../src/index.js';

const scope = self as unknown as MessageEndpoint;

serveEngine(scope, { backend: webBackend({ wasmPaths: '/ort/' }) });

scope.addEventListener('message', (event: Event) => {
  const test = ((event as MessageEvent).data as { test?: string; freeBytes?: number } | undefined) ?? {};
  if (test.test === 'quota') {
    const free = test.freeBytes ?? 0;
    const real = navigator.storage.estimate.bind(navigator.storage);
    navigator.storage.estimate = async () => {
      const { usage = 0 } = await real();
      return { usage, quota: usage + free };
    };
    scope.postMessage({ test: 'quota-set' });
  }
  if (test.test === 'throw') {
    setTimeout(() => {
      throw new Error('boom in the engine worker');
    });
  }
});
