import { runBackendConformance } from '@pocketlm/core/testing';
import { LocalDirectoryFiles } from '@pocketlm/node';
import { ensureFixture, ReferenceLlama } from '@pocketlm/testkit';
import * as ortWeb from 'onnxruntime-web';
import { webBackend } from '../src/index.js';

// onnxruntime-web runs in Node on its WASM backend, so the whole conformance suite runs here against the same
// code the browser uses. The truth is the testkit's plain-JavaScript forward pass over the same weights.
const references = new Map<string, Promise<ReferenceLlama>>();

function reference(dir: string): Promise<ReferenceLlama> {
  let model = references.get(dir);
  if (!model) {
    model = ReferenceLlama.load(dir);
    references.set(dir, model);
  }
  return model;
}

runBackendConformance({
  name: 'web (onnxruntime-web, wasm in Node) on tiny',
  createBackend: () => webBackend({ ort: ortWeb, device: 'wasm' }),
  fixtureDir: () => ensureFixture('tiny'),
  openFiles: async (dir) => new LocalDirectoryFiles(dir),
  referenceLogits: async (dir, tokens) => (await reference(dir)).forward(tokens),
});
