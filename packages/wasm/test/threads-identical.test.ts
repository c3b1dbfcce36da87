import { FullKVCache, type WeightDType } from '@pocketlm/core';
import { describe, expect, it } from 'vitest';
import type { WasmModelRunner } from '../src/index.js';
import { greedyDecode } from './greedy-decode.js';
import { nodeKernelWorkers } from './threads-worker.js';
import { loadFixtureRunner } from './wasm-fixtures.js';

/** The raw bits of each row, so equality means bit-identical (Object.is on floats would still merge NaN payloads). */
const bits = (rows: Float32Array[]) =>
  rows.map((row) => new Uint32Array(row.buffer, row.byteOffset, row.length));

const PROMPT = [1, 22, 333, 44, 5, 66, 7, 88, 9, 100, 11];
const createWorker = await nodeKernelWorkers();

/** Every position's logits of a prompt, then a batch of two sequences of different lengths, then greedy ids. */
async function outputs(runner: WasmModelRunner) {
  const all = await runner.forward({
    sequences: [
      {
        tokens: PROMPT,
        positions: PROMPT.map((_, i) => i),
        cache: new FullKVCache(runner.kvLayout),
        logits: 'all',
      },
    ],
  });
  const batch = await runner.forward({
    sequences: [
      { tokens: [3, 4, 5], positions: [0, 1, 2], cache: new FullKVCache(runner.kvLayout), logits: 'all' },
      {
        tokens: PROMPT,
        positions: PROMPT.map((_, i) => i),
        cache: new FullKVCache(runner.kvLayout),
        logits: 'last',
      },
    ],
  });
  const greedy = await greedyDecode(runner, PROMPT, 12);
  return { all: bits(all.logits), batch: bits(batch.logits), ids: greedy.ids, steps: bits(greedy.logits) };
}

// Threads split rows (and attention heads) of every call; each output is reduced in the same order whatever
// thread computes it, so the results must be the same bits, not merely close.
describe('2 threads give the bits of 1', () => {
  const cases: [string, WeightDType][] = [
    ['model.safetensors', 'fp32'],
    ['model.safetensors', 'q8'],
    ['model.safetensors', 'q4'],
    ['model-q4_0.gguf', 'fp32'],
  ];
  for (const [file, dtype] of cases) {
    it(`${file} as ${dtype}`, async () => {
      const one = await loadFixtureRunner('tiny', { dtype }, { file, threads: 1 });
      const two = await loadFixtureRunner('tiny', { dtype }, { file, threads: 2, createWorker });
      try {
        expect(one.loadInfo.threads).toBe(1);
        expect(two.loadInfo).toMatchObject({ threads: 2, threadsReason: 'threads: 2 was asked for.' });
        const a = await outputs(one);
        const b = await outputs(two);
        expect(b.ids).toEqual(a.ids);
        expect(b.all).toEqual(a.all);
        expect(b.batch).toEqual(a.batch);
        expect(b.steps).toEqual(a.steps);
      } finally {
        await one.dispose();
        await two.dispose();
      }
    });
  }

  it('3 threads (uneven row shares) too', async () => {
    const one = await loadFixtureRunner('tiny', { dtype: 'q8' }, { threads: 1 });
    const three = await loadFixtureRunner('tiny', { dtype: 'q8' }, { threads: 3, createWorker });
    try {
      expect(three.loadInfo.threads).toBe(3);
      const a = await outputs(one);
      const b = await outputs(three);
      expect(b.all).toEqual(a.all);
      expect(b.ids).toEqual(a.ids);
    } finally {
      await one.dispose();
      await three.dispose();
    }
  });
});
