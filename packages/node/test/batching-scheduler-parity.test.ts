import {
  argmax,
  ContinuousBatchScheduler,
  FullKVCache,
  type ModelRunner,
  type Scheduler,
  SerialScheduler,
} from '@pocketlm/core';
import { testTokens } from '@pocketlm/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalDirectoryFiles, nodeBackend } from '../src/index.js';
import { fixtureDir } from './fixtures.js';

const NEW_TOKENS = 12;
let runner: ModelRunner;

beforeAll(async () => {
  runner = await nodeBackend({ session: { intraOpNumThreads: 2 } }).loadModel(
    new LocalDirectoryFiles(await fixtureDir('tiny')),
    {},
  );
});

afterAll(async () => {
  await runner?.dispose();
});

/** Greedy decoding of `prompt` through `scheduler`: the ids picked, `NEW_TOKENS` of them. */
async function greedy(scheduler: Scheduler, prompt: number[]): Promise<number[]> {
  const ids: number[] = [];
  await scheduler.run({
    prompt,
    cache: new FullKVCache(runner.kvLayout),
    maxNewTokens: NEW_TOKENS,
    onLogits: (row) => {
      ids.push(argmax(row, runner.vocabSize));
      return ids.length < NEW_TOKENS ? { next: ids[ids.length - 1] } : { done: true };
    },
  });
  return ids;
}

describe('ContinuousBatchScheduler on the node runner', () => {
  it('6 concurrent greedy tasks produce exactly the token ids each produces alone through SerialScheduler', async () => {
    // Different lengths, so prompts are prefilled in several chunks while others already decode.
    const prompts = [3, 17, 1, 9, 26, 6].map((n, i) => testTokens(runner.vocabSize, n, 900 + i));
    const serial = new SerialScheduler(runner);
    const alone: number[][] = [];
    for (const prompt of prompts) alone.push(await greedy(serial, prompt));

    const batchSizes: number[] = [];
    const counting: ModelRunner = {
      config: runner.config,
      vocabSize: runner.vocabSize,
      kvLayout: runner.kvLayout,
      forward: (batch) => {
        batchSizes.push(batch.sequences.length);
        return runner.forward(batch);
      },
      dispose: async () => {},
    };
    const scheduler = new ContinuousBatchScheduler(counting, { maxBatchSize: 16, prefillChunkSize: 8 });
    const together = await Promise.all(prompts.map((prompt) => greedy(scheduler, prompt)));

    expect(together).toEqual(alone);
    // They really ran together: most steps carried all six sequences.
    expect(Math.max(...batchSizes)).toBe(6);
    expect(batchSizes.length).toBeLessThan(prompts.length * NEW_TOKENS);
    // Different prompts do not all collapse onto one continuation, or the comparison would prove little.
    expect(new Set(alone.map((ids) => ids.join(','))).size).toBeGreaterThan(1);
  });
});
