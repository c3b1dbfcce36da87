import { FullKVCache, type ModelRunner, PocketLMError } from '@pocketlm/core';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileModelStore, LocalDirectoryFiles, nodeBackend, ORT_MAX_BATCH_SIZE } from '../src/index.js';
import { fixtureDir } from './fixtures.js';

type RunHook = (session: ort.InferenceSession) => Promise<void> | void;

/** The real onnxruntime with a hook in front of every `session.run`, to inject failures and mid-run aborts. */
function hookedOrt(beforeRun: { hook?: RunHook }): typeof ort {
  return {
    Tensor: ort.Tensor,
    InferenceSession: {
      create: async (path: string, options: ort.InferenceSession.SessionOptions) => {
        const session = await ort.InferenceSession.create(path, options);
        return new Proxy(session, {
          get(target, key) {
            if (key !== 'run') return Reflect.get(target, key, target);
            return async (...args: Parameters<ort.InferenceSession['run']>) => {
              await beforeRun.hook?.(target);
              return target.run(...args);
            };
          },
        });
      },
    },
  } as unknown as typeof ort;
}

async function rejection(promise: Promise<unknown>): Promise<PocketLMError> {
  try {
    await promise;
  } catch (error) {
    if (PocketLMError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

let tiny: string;
const control: { hook?: RunHook } = {};
let runner: ModelRunner;

beforeAll(async () => {
  tiny = await fixtureDir('tiny');
  runner = await nodeBackend({ ort: hookedOrt(control) }).loadModel(new LocalDirectoryFiles(tiny), {});
});

afterAll(async () => {
  await runner?.dispose();
});

function prefilled(tokens: number[]) {
  const cache = new FullKVCache(runner.kvLayout);
  return runner
    .forward({ sequences: [{ tokens, positions: tokens.map((_, i) => i), cache, logits: 'last' }] })
    .then(() => cache);
}

function snapshot(cache: FullKVCache) {
  const layers = Array.from({ length: cache.layout.numLayers }, (_, l) => Array.from(cache.read(l).key));
  return { length: cache.length, next: cache.nextPosition, layers };
}

describe('nodeBackend', () => {
  it('describes itself and the files it needs', () => {
    const backend = nodeBackend();
    expect(backend.specificationVersion).toBe('v1');
    expect(backend.name).toBe('node');
    expect(backend.capabilities).toEqual({
      dtypes: ['fp32', 'q4'],
      devices: ['cpu'],
      maxBatchSize: ORT_MAX_BATCH_SIZE,
      allPositionLogits: true,
    });
    expect(backend.requiredFiles({})).toEqual([
      { name: 'onnx/model.onnx' },
      { name: 'onnx/model.onnx_data', optional: true },
    ]);
    expect(backend.store).toBeInstanceOf(FileModelStore);
    const store = new FileModelStore({ root: tiny });
    expect(nodeBackend({ store }).store).toBe(store);
  });

  it('loads the layout and vocabulary from config.json and the graph', () => {
    expect(runner.vocabSize).toBe(runner.config.vocabSize);
    expect(runner.kvLayout).toEqual({
      numLayers: runner.config.numLayers,
      numKVHeads: runner.config.numKVHeads,
      headDim: runner.config.headDim,
    });
    expect(runner.weightBytes).toBeGreaterThan(0);
  });
});

describe('OrtModelRunner.forward', () => {
  it('turns an ORT failure into BACKEND_ERROR and leaves the cache untouched', async () => {
    const cache = await prefilled([1, 2, 3]);
    const before = snapshot(cache);
    control.hook = () => {
      throw new Error('simulated ORT failure');
    };
    try {
      const error = await rejection(
        runner.forward({ sequences: [{ tokens: [4, 5], positions: [3, 4], cache, logits: 'last' }] }),
      );
      expect(error.code).toBe('BACKEND_ERROR');
      expect((error.cause as Error).message).toBe('simulated ORT failure');
    } finally {
      control.hook = undefined;
    }
    expect(snapshot(cache)).toEqual(before);
  });

  it('an abort while a batch runs discards every sequence, even the ones already computed', async () => {
    const first = await prefilled([7, 8]);
    const second = await prefilled([9]);
    const before = [snapshot(first), snapshot(second)];
    const controller = new AbortController();
    let runs = 0;
    // Fires the signal while the second sequence's ORT call is in flight.
    control.hook = () => {
      runs += 1;
      if (runs === 2) controller.abort();
    };
    try {
      const error = await rejection(
        runner.forward({
          sequences: [
            { tokens: [10, 11], positions: [2, 3], cache: first, logits: 'all' },
            { tokens: [12], positions: [1], cache: second, logits: 'last' },
          ],
          signal: controller.signal,
        }),
      );
      expect(error.code).toBe('ABORTED');
    } finally {
      control.hook = undefined;
    }
    expect(runs).toBe(2);
    expect([snapshot(first), snapshot(second)]).toEqual(before);
  });

  it('rejects malformed batches with INVALID_OPTIONS before running anything', async () => {
    const cache = new FullKVCache(runner.kvLayout);
    const seq = { tokens: [1], positions: [0], cache, logits: 'last' as const };
    const tooMany = Array.from({ length: ORT_MAX_BATCH_SIZE + 1 }, () => ({
      ...seq,
      cache: new FullKVCache(runner.kvLayout),
    }));
    const bad = [
      [seq, { ...seq }],
      [{ ...seq, tokens: [runner.vocabSize] }],
      [{ ...seq, tokens: [1.5] }],
      [{ ...seq, tokens: [], positions: [] }],
      [{ ...seq, positions: [-1] }],
      tooMany,
    ];
    for (const sequences of bad) {
      expect((await rejection(runner.forward({ sequences }))).code).toBe('INVALID_OPTIONS');
    }
    expect(cache.length).toBe(0);
  });

  it('rejects with DISPOSED after dispose, which may be called twice', async () => {
    const own = await nodeBackend().loadModel(new LocalDirectoryFiles(tiny), {});
    await own.dispose();
    await own.dispose();
    const cache = new FullKVCache(own.kvLayout);
    const error = await rejection(
      own.forward({ sequences: [{ tokens: [1], positions: [0], cache, logits: 'last' }] }),
    );
    expect(error.code).toBe('DISPOSED');
  });
});
