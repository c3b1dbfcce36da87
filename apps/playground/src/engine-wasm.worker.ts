// The PocketLM WASM engine (`@pocketlm/wasm`, no onnxruntime) runs in this worker. Its kernel threads are nested
// module workers (`kernel-worker.js`, which Vite bundles from the package's `new Worker(new URL(…))`), sharing
// one WebAssembly memory: the page is cross-origin isolated, so `'auto'` gives the cores, at most 4.
import { wasmBackend } from '@pocketlm/wasm';
import { OpfsModelStore, serveEngine } from '@pocketlm/web';
import { installCrashSwitch } from './engine/crash-switch.js';
import { reportingThreads } from './engine/threads-report.js';

serveEngine(self, {
  // The same origin-private store as the ONNX worker: one list of models, whichever backend downloaded them.
  backend: () =>
    reportingThreads(wasmBackend({ store: new OpfsModelStore(), threads: 'auto' }), (report) =>
      self.postMessage(report),
    ),
});
installCrashSwitch(self);
