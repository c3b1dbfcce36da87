import { runBackendConformance } from '@pocketlm/core/testing';
import { LocalDirectoryFiles } from '@pocketlm/node';
import { ReferenceLlama } from '@pocketlm/testkit';
import { describe, expect, it } from 'vitest';
import { nodeKernelWorkers } from './threads-worker.js';
import { fixtureDir, testBackend } from './wasm-fixtures.js';

// The whole backend contract again with every product and attention split across two threads.
const references = new Map<string, Promise<ReferenceLlama>>();
const createWorker = await nodeKernelWorkers();

runBackendConformance({
  name: 'wasm (f32 weights, 2 threads) on tiny',
  createBackend: () => testBackend({ threads: 2, createWorker }),
  fixtureDir: () => fixtureDir('tiny'),
  openFiles: async (dir) => new LocalDirectoryFiles(dir),
  referenceLogits: async (dir, tokens) => {
    let model = references.get(dir);
    if (!model) {
      model = ReferenceLlama.load(dir);
      references.set(dir, model);
    }
    return (await model).forward(tokens);
  },
});

describe('the conformance backend above', () => {
  it('really runs on two threads (a silent fallback to one would make the suite above prove nothing)', async () => {
    const runner = await testBackend({ threads: 2, createWorker }).loadModel(
      new LocalDirectoryFiles(await fixtureDir('tiny')),
      {},
    );
    expect(runner.loadInfo.threads).toBe(2);
    await runner.dispose();
  });
});
