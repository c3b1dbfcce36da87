import { readFile, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { createClassifier, PocketLMError } from '@pocketlm/core';
import { ensureFixture } from '@pocketlm/testkit';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrtClassifierRunner } from '../src/backend/ort-classifier-runner.js';
import { LocalDirectoryFiles, nodeBackend } from '../src/index.js';
import { fixtureDir } from './fixtures.js';
import { copyModelDir, removeTempModelDirs } from './temp-model-dir.js';

let classifierDir: string;

async function rejection(promise: Promise<unknown>): Promise<PocketLMError> {
  try {
    await promise;
  } catch (error) {
    if (PocketLMError.isInstance(error)) return error;
    throw new Error(`rejected with a non-PocketLM error: ${String(error)}`, { cause: error });
  }
  throw new Error('resolved, expected a rejection');
}

const loadClassifier = (dir: string) => nodeBackend().loadClassifier!(new LocalDirectoryFiles(dir), {});

beforeAll(async () => {
  classifierDir = await ensureFixture('tiny-classifier', { root: process.env.POCKETLM_FIXTURES_DIR });
});

afterAll(async () => {
  await removeTempModelDirs();
});

describe('nodeBackend().loadClassifier', () => {
  it('loads the fixture: two labels, one logits row per row of any length', async () => {
    const runner = await loadClassifier(classifierDir);
    expect(runner.numLabels).toBe(2);
    expect(runner.weightBytes).toBeGreaterThan(0);
    const rows = [[1, 40, 41, 42, 43], [1], [1, 7, 8]];
    const batched = await runner.classify({ inputIds: rows });
    expect(batched.map((r) => r.length)).toEqual([2, 2, 2]);
    for (const [i, row] of rows.entries()) {
      const [alone] = await runner.classify({ inputIds: [row] });
      for (let j = 0; j < 2; j++) expect(batched[i][j]).toBeCloseTo(alone[j], 5);
    }
    await runner.dispose();
    expect((await rejection(runner.classify({ inputIds: [[1]] }))).code).toBe('DISPOSED');
  });

  it('refuses a decoder export with INVALID_MODEL naming its extra inputs', async () => {
    const error = await rejection(loadClassifier(await fixtureDir('tiny')));
    expect(error.code).toBe('INVALID_MODEL');
    expect(error.message).toMatch(
      /not a sequence-classification export: unexpected inputs past_key_values\.0\.key/,
    );
  });

  it('a truncated model.onnx is INVALID_MODEL; a missing one MODEL_NOT_FOUND', async () => {
    const dir = await copyModelDir(classifierDir);
    const file = join(dir, 'onnx', 'model.onnx');
    await truncate(file, Math.floor((await readFile(file)).length / 2));
    const error = await rejection(loadClassifier(dir));
    expect(error.code).toBe('INVALID_MODEL');
    expect(error.message).toMatch(/truncated, corrupt or not an ONNX model/);
    const bare = await copyModelDir(classifierDir, { skip: (name) => name.startsWith('onnx') });
    expect((await rejection(loadClassifier(bare))).code).toBe('MODEL_NOT_FOUND');
  });

  it('createClassifier refuses a generative model before loading its weights', async () => {
    const error = await rejection(
      createClassifier({ backend: nodeBackend(), model: await fixtureDir('tiny') }),
    );
    expect(error.code).toBe('INVALID_MODEL');
    expect(error.message).toMatch(/LlamaForCausalLM, not a sequence classifier/);
  });
});

describe('OrtClassifierRunner feeds', () => {
  it('right-pads with the pad id, masks the padding, and fills token_type_ids and position_ids', async () => {
    let feeds: Record<string, ort.Tensor> = {};
    const session = {
      run: async (given: Record<string, ort.Tensor>) => {
        feeds = given;
        const rows = given.input_ids.dims[0];
        return { logits: new ort.Tensor('float32', new Float32Array(rows * 3).fill(0.5), [rows, 3]) };
      },
      release: async () => {},
    } as unknown as ort.InferenceSession;
    const runner = new OrtClassifierRunner({
      ort,
      session,
      layout: { tokenTypeIds: true, positionIds: true, numLabels: 3 },
      padTokenId: 9,
    });
    const logits = await runner.classify({ inputIds: [[5, 6, 7], [8]] });
    expect(logits).toEqual([Float32Array.of(0.5, 0.5, 0.5), Float32Array.of(0.5, 0.5, 0.5)]);
    const values = (name: string) => Array.from(feeds[name].data as BigInt64Array, Number);
    expect(feeds.input_ids.dims).toEqual([2, 3]);
    expect(values('input_ids')).toEqual([5, 6, 7, 8, 9, 9]);
    expect(values('attention_mask')).toEqual([1, 1, 1, 1, 0, 0]);
    expect(values('token_type_ids')).toEqual([0, 0, 0, 0, 0, 0]);
    expect(values('position_ids')).toEqual([0, 1, 2, 0, 0, 0]);

    const plain = new OrtClassifierRunner({
      ort,
      session,
      layout: { tokenTypeIds: false, positionIds: false, numLabels: 3 },
      padTokenId: 0,
    });
    await plain.classify({ inputIds: [[1]] });
    expect(Object.keys(feeds).sort()).toEqual(['attention_mask', 'input_ids']);
    expect((await rejection(plain.classify({ inputIds: [[]] }))).code).toBe('INVALID_OPTIONS');
    expect((await rejection(plain.classify({ inputIds: [[1]], signal: AbortSignal.abort() }))).code).toBe(
      'ABORTED',
    );
  });
});
