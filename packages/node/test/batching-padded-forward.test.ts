import { FullKVCache, type ModelRunner } from '@pocketlm/core';
import { consecutivePositions, expectLogitsClose, testTokens } from '@pocketlm/core/testing';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalDirectoryFiles, nodeBackend } from '../src/index.js';
import { fixtureDir } from './fixtures.js';

/** The real onnxruntime, recording the batch size of every `session.run`. */
function countingOrt(batchSizes: number[]): typeof ort {
  return {
    Tensor: ort.Tensor,
    InferenceSession: {
      create: async (path: string, options: ort.InferenceSession.SessionOptions) => {
        const session = await ort.InferenceSession.create(path, options);
        return new Proxy(session, {
          get(target, key) {
            if (key !== 'run') return Reflect.get(target, key, target);
            return (feeds: Record<string, ort.Tensor>, ...rest: unknown[]) => {
              batchSizes.push(feeds.input_ids.dims[0]);
              return (target.run as (...args: unknown[]) => unknown)(feeds, ...rest);
            };
          },
        });
      },
    },
  } as unknown as typeof ort;
}

const TOLERANCE = 1e-4;
const runs: number[] = [];
let runner: ModelRunner;

beforeAll(async () => {
  runner = await nodeBackend({ ort: countingOrt(runs), session: { intraOpNumThreads: 2 } }).loadModel(
    new LocalDirectoryFiles(await fixtureDir('tiny')),
    {},
  );
});

afterAll(async () => {
  await runner?.dispose();
});

async function prefilled(tokens: number[]): Promise<FullKVCache> {
  const cache = new FullKVCache(runner.kvLayout);
  if (tokens.length > 0) {
    const positions = consecutivePositions(0, tokens.length);
    await runner.forward({ sequences: [{ tokens, positions, cache, logits: 'last' }] });
  }
  return cache;
}

/** Two identical sets of caches, filled with pasts of the given lengths. */
async function twoCopies(pastLengths: number[], seed: number) {
  const pasts = pastLengths.map((n, i) => testTokens(runner.vocabSize, n, seed + i));
  const alone = await Promise.all(pasts.map(prefilled));
  const batched = await Promise.all(pasts.map(prefilled));
  return { alone, batched };
}

describe('OrtModelRunner padded batches', () => {
  it('runs 8 decode steps with different past lengths in one ORT call, equal to running each alone', async () => {
    const pastLengths = [1, 5, 0, 17, 2, 9, 30, 4];
    const { alone, batched } = await twoCopies(pastLengths, 700);
    const next = testTokens(runner.vocabSize, pastLengths.length, 720);
    const step = (cache: FullKVCache, i: number) => ({
      tokens: [next[i]],
      positions: [cache.nextPosition],
      cache,
      logits: 'last' as const,
    });
    const expected: Float32Array[] = [];
    for (const [i, cache] of alone.entries()) {
      expected.push((await runner.forward({ sequences: [step(cache, i)] })).logits[0]);
    }

    runs.length = 0;
    const result = await runner.forward({ sequences: batched.map(step) });
    expect(runs).toEqual([pastLengths.length]);
    for (const [i, row] of result.logits.entries()) {
      expectLogitsClose(row, expected[i], TOLERANCE, `decode step of sequence ${i} (past ${pastLengths[i]})`);
      expect(batched[i].length).toBe(pastLengths[i] + 1);
      expect(Array.from(batched[i].positions())).toEqual(consecutivePositions(0, pastLengths[i] + 1));
    }

    // The caches the padded call filled hold no padding: the next (again batched) steps still match.
    for (let s = 0; s < 3; s++) {
      const probe = testTokens(runner.vocabSize, pastLengths.length, 730 + s);
      const probeStep = (cache: FullKVCache, i: number) => ({ ...step(cache, i), tokens: [probe[i]] });
      const fromBatch = await runner.forward({ sequences: batched.map(probeStep) });
      for (const [i, cache] of alone.entries()) {
        const fromAlone = (await runner.forward({ sequences: [probeStep(cache, i)] })).logits[0];
        expectLogitsClose(fromBatch.logits[i], fromAlone, TOLERANCE, `step ${s + 2} of sequence ${i}`);
      }
    }
  });

  it('pads prefill chunks of equal length too, and returns every row for logits: all', async () => {
    const pastLengths = [0, 6, 3];
    const { alone, batched } = await twoCopies(pastLengths, 740);
    const chunks = pastLengths.map((_, i) => testTokens(runner.vocabSize, 4, 750 + i));
    const seq = (cache: FullKVCache, i: number) => ({
      tokens: chunks[i],
      positions: consecutivePositions(cache.nextPosition, 4),
      cache,
      logits: i === 1 ? ('last' as const) : ('all' as const),
    });
    const expected: Float32Array[] = [];
    for (const [i, cache] of alone.entries()) {
      expected.push((await runner.forward({ sequences: [seq(cache, i)] })).logits[0]);
    }
    runs.length = 0;
    const result = await runner.forward({ sequences: batched.map(seq) });
    expect(runs).toEqual([3]);
    for (const [i, row] of result.logits.entries()) {
      expect(row.length).toBe((i === 1 ? 1 : 4) * runner.vocabSize);
      expectLogitsClose(row, expected[i], TOLERANCE, `chunk of sequence ${i}`, runner.vocabSize);
      expect(batched[i].length).toBe(pastLengths[i] + 4);
    }
  });

  it('groups a mixed batch by token count: one call for the decodes, one per prefill length', async () => {
    const { batched } = await twoCopies([3, 8, 2, 5], 760);
    const [a, b, c, d] = batched;
    runs.length = 0;
    await runner.forward({
      sequences: [
        { tokens: [1], positions: [a.nextPosition], cache: a, logits: 'last' },
        { tokens: [2, 3, 4], positions: consecutivePositions(b.nextPosition, 3), cache: b, logits: 'last' },
        { tokens: [5], positions: [c.nextPosition], cache: c, logits: 'last' },
        { tokens: [6], positions: [d.nextPosition], cache: d, logits: 'last' },
      ],
    });
    expect(runs).toEqual([3, 1]);
    expect(batched.map((cache) => cache.length)).toEqual([4, 11, 3, 6]);
  });
});
