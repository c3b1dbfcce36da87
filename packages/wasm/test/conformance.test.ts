import { runBackendConformance } from '@pocketlm/core/testing';
import { LocalDirectoryFiles } from '@pocketlm/node';
import { referenceLogits } from '@pocketlm/testkit';
import { fixtureDir, testBackend } from './wasm-fixtures.js';

// The truth for a safetensors backend is the testkit's plain-JavaScript forward pass over the same weights
// (no code shared with the kernels); node-parity.test.ts also holds the logits to onnxruntime-node's.
runBackendConformance({
  name: 'wasm (f32 weights) on tiny',
  createBackend: () => testBackend(),
  fixtureDir: () => fixtureDir('tiny'),
  openFiles: async (dir) => new LocalDirectoryFiles(dir),
  referenceLogits,
});
