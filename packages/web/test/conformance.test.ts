import { runBackendConformance } from '@pocketlm/core/testing';
import { LocalDirectoryFiles } from '@pocketlm/node';
import { ensureFixture, referenceLogits } from '@pocketlm/testkit';
import * as ortWeb from 'onnxruntime-web';
import { webBackend } from '../src/index.js';

// onnxruntime-web runs in Node on its WASM backend, so the whole conformance suite runs here against the same
// code the browser uses. The truth is the testkit's plain-JavaScript forward pass over the same weights.
runBackendConformance({
  name: 'web (onnxruntime-web, wasm in Node) on tiny',
  createBackend: () => webBackend({ ort: ortWeb, device: 'wasm' }),
  fixtureDir: () => ensureFixture('tiny'),
  openFiles: async (dir) => new LocalDirectoryFiles(dir),
  referenceLogits,
});
