import { runBackendConformance } from '@pocketlm/core/testing';
import { LocalDirectoryFiles } from '@pocketlm/node';
import { ReferenceLlama } from '@pocketlm/testkit';
import { fixtureDir, testBackend } from './wasm-fixtures.js';

// The truth for a safetensors backend is the testkit's plain-JavaScript forward pass over the same weights
// (no code shared with the kernels); node-parity.test.ts also holds the logits to onnxruntime-node's.
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
  name: 'wasm (f32 weights) on tiny',
  createBackend: () => testBackend(),
  fixtureDir: () => fixtureDir('tiny'),
  openFiles: async (dir) => new LocalDirectoryFiles(dir),
  referenceLogits: async (dir, tokens) => (await reference(dir)).forward(tokens),
});
