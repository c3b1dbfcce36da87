import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { fromNodeWorker } from '../src/index.js';
import { defaultThreadEnvironment, type ThreadEnvironment } from '../src/threads/thread-environment.js';
import { AUTO_THREADS_CAP, planThreads } from '../src/threads/thread-plan.js';
import { greedyDecode } from './greedy-decode.js';
import { nodeKernelWorkers } from './threads-worker.js';
import { loadFixtureRunner, testBackend } from './wasm-fixtures.js';

const nodeLike = (over: Partial<ThreadEnvironment> = {}): ThreadEnvironment => ({
  createWorker: () => {
    throw new Error('not started in planning');
  },
  hardwareConcurrency: 8,
  sharedMemoryUnavailable: undefined,
  ...over,
});

describe('planThreads', () => {
  it('auto takes the cores up to the cap; a number is taken as asked', () => {
    expect(planThreads('auto', nodeLike()).threads).toBe(AUTO_THREADS_CAP);
    expect(planThreads('auto', nodeLike({ hardwareConcurrency: 2 })).threads).toBe(2);
    expect(planThreads(3, nodeLike({ hardwareConcurrency: 2 })).threads).toBe(3);
  });

  it('falls back to one thread, saying why', () => {
    const isolated = planThreads(
      'auto',
      nodeLike({ sharedMemoryUnavailable: 'SharedArrayBuffer is unavailable: not cross-origin isolated' }),
    );
    expect(isolated).toMatchObject({ threads: 1, createWorker: undefined });
    expect(isolated.reason).toMatch(/cross-origin isolated.*one thread/);
    expect(planThreads(2, nodeLike({ createWorker: undefined })).reason).toMatch(/no workers/);
    expect(planThreads('auto', nodeLike({ hardwareConcurrency: 1 })).reason).toMatch(/one core/);
    expect(planThreads(1, nodeLike()).reason).toBe('threads: 1 was asked for.');
  });
});

describe('the default environment in Node', () => {
  it('offers worker_threads, the core count and shared memory', () => {
    const environment = defaultThreadEnvironment();
    expect(typeof environment.createWorker).toBe('function');
    expect(environment.hardwareConcurrency).toBeGreaterThanOrEqual(1);
    expect(environment.sharedMemoryUnavailable).toBeUndefined();
  });
});

describe('wasmBackend threads', () => {
  it('refuses a threads option that is not auto or a whole number from 1', () => {
    for (const threads of [0, -1, 1.5, Number.NaN, 'many']) {
      expect(() => testBackend({ threads: threads as number })).toThrow(
        expect.objectContaining({ code: 'INVALID_OPTIONS' }),
      );
    }
  });

  it('runs on one thread, with the reason, when the workers cannot start', async () => {
    const runner = await loadFixtureRunner(
      'tiny',
      {},
      {
        threads: 2,
        createWorker: () => fromNodeWorker(new Worker(new URL('./no-such-worker.mjs', import.meta.url))),
      },
    );
    try {
      expect(runner.loadInfo.threads).toBe(1);
      expect(runner.loadInfo.threadsReason).toMatch(/kernel workers could not start .*one thread/);
      expect((await greedyDecode(runner, [1, 2, 3], 3)).ids).toHaveLength(3);
    } finally {
      await runner.dispose();
    }
  });

  it('stops its workers on dispose', async () => {
    const started: Worker[] = [];
    const runner = await loadFixtureRunner(
      'tiny',
      {},
      { threads: 3, createWorker: await nodeKernelWorkers(started) },
    );
    expect(started).toHaveLength(2);
    const exits = started.map((worker) => once(worker, 'exit'));
    await greedyDecode(runner, [1, 2, 3], 2);
    await runner.dispose();
    await Promise.all(exits);
  });
});
