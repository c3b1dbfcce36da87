import { readFile, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FullKVCache, PocketLMError } from '@pocketlm/core';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalDirectoryFiles, nodeBackend } from '../src/index.js';
import { fixtureDir } from './fixtures.js';
import { type MinimalValue, minimalOnnxModel } from './minimal-onnx.js';
import { onnxReferenceLogits, releaseReferenceSessions } from './onnx-reference.js';
import { copyModelDir, removeTempModelDirs } from './temp-model-dir.js';

async function loadError(dir: string, backend = nodeBackend()): Promise<PocketLMError> {
  try {
    const runner = await backend.loadModel(new LocalDirectoryFiles(dir), {});
    await runner.dispose();
  } catch (error) {
    if (PocketLMError.isInstance(error)) return error;
    throw new Error(`loadModel threw a non-PocketLM error: ${String(error)}`, { cause: error });
  }
  throw new Error('loadModel resolved, expected it to reject');
}

let tiny: string;

beforeAll(async () => {
  tiny = await fixtureDir('tiny');
});

afterAll(async () => {
  await removeTempModelDirs();
  await releaseReferenceSessions();
});

describe('nodeBackend().loadModel errors', () => {
  it('a directory without onnx/model.onnx is MODEL_NOT_FOUND', async () => {
    const dir = await copyModelDir(tiny, { skip: (name) => name.startsWith('onnx') });
    const error = await loadError(dir);
    expect(error.code).toBe('MODEL_NOT_FOUND');
    expect(error.message).toContain('onnx/model.onnx');
  });

  it('a directory without config.json is MODEL_NOT_FOUND', async () => {
    const dir = await copyModelDir(tiny, { skip: (name) => name === 'config.json' });
    expect((await loadError(dir)).code).toBe('MODEL_NOT_FOUND');
  });

  it('a truncated model.onnx is INVALID_MODEL with the ORT error as cause', async () => {
    const dir = await copyModelDir(tiny);
    const file = join(dir, 'onnx', 'model.onnx');
    const { length } = await readFile(file);
    await truncate(file, Math.floor(length / 2));
    const error = await loadError(dir);
    expect(error.code).toBe('INVALID_MODEL');
    expect(error.message).toMatch(/onnx\/model\.onnx.*truncated, corrupt or not an ONNX model/);
    expect(error.cause).toBeInstanceOf(Error);
    expect(PocketLMError.isInstance(error.cause)).toBe(false);
  });

  it('a file that is not ONNX at all is INVALID_MODEL', async () => {
    const dir = await copyModelDir(tiny);
    await writeFile(join(dir, 'onnx', 'model.onnx'), 'not a model');
    expect((await loadError(dir)).code).toBe('INVALID_MODEL');
  });

  it('a graph without the past_key_values / present I/O is INVALID_MODEL naming what is missing', async () => {
    const dir = await copyModelDir(tiny);
    const ids = (name: string): MinimalValue => ({ name, type: 'int64', dims: ['batch', 'sequence'] });
    const model = minimalOnnxModel(
      [ids('input_ids'), ids('attention_mask'), ids('position_ids')],
      [{ ...ids('logits'), name: 'logits' }],
    );
    await writeFile(join(dir, 'onnx', 'model.onnx'), model);
    const error = await loadError(dir);
    expect(error.code).toBe('INVALID_MODEL');
    expect(error.message).toContain('past_key_values.0.key');
    expect(error.message).toContain('present.1.value');
    expect(error.details?.missingInputs).toEqual([
      'past_key_values.0.key',
      'past_key_values.0.value',
      'past_key_values.1.key',
      'past_key_values.1.value',
    ]);
    expect(error.details?.missingOutputs).toEqual([
      'present.0.key',
      'present.0.value',
      'present.1.key',
      'present.1.value',
    ]);
  });

  it('a config.json with more layers than the graph is INVALID_MODEL', async () => {
    const dir = await copyModelDir(tiny);
    const path = join(dir, 'config.json');
    const config = JSON.parse(await readFile(path, 'utf8'));
    config.num_hidden_layers += 1;
    await writeFile(path, JSON.stringify(config));
    const error = await loadError(dir);
    expect(error.code).toBe('INVALID_MODEL');
    expect(error.message).toContain(`past_key_values.${config.num_hidden_layers - 1}.key`);
  });

  it('a config.json whose KV heads disagree with the graph is INVALID_MODEL', async () => {
    const dir = await copyModelDir(tiny);
    const path = join(dir, 'config.json');
    const config = JSON.parse(await readFile(path, 'utf8'));
    // Keep heads divisible and head_dim explicit, so only the KV-head count disagrees with the graph.
    config.num_key_value_heads =
      config.num_attention_heads === config.num_key_value_heads ? 1 : config.num_attention_heads;
    await writeFile(path, JSON.stringify(config));
    const error = await loadError(dir);
    expect(error.code).toBe('INVALID_MODEL');
    expect(error.message).toMatch(/KV heads/);
  });

  it('a missing onnxruntime (failing loader) is BACKEND_UNAVAILABLE with an install hint', async () => {
    const missing = () => {
      throw Object.assign(new Error("Cannot find package 'onnxruntime-node'"), {
        code: 'ERR_MODULE_NOT_FOUND',
      });
    };
    for (const loader of [missing, async () => missing()]) {
      const error = await loadError(tiny, nodeBackend({ ort: loader }));
      expect(error.code).toBe('BACKEND_UNAVAILABLE');
      expect(error.message).toContain('npm install onnxruntime-node');
      expect((error.cause as Error).message).toContain('onnxruntime-node');
    }
  });

  it('a module that is not onnxruntime is BACKEND_UNAVAILABLE', async () => {
    const error = await loadError(tiny, nodeBackend({ ort: () => ({}) as typeof ort }));
    expect(error.code).toBe('BACKEND_UNAVAILABLE');
  });

  it('an unsupported dtype is INVALID_OPTIONS', async () => {
    const backend = nodeBackend();
    expect(() => backend.requiredFiles({ dtype: 'q8' })).toThrowError(/dtype "q8"/);
    await expect(backend.loadModel(new LocalDirectoryFiles(tiny), { dtype: 'q8' })).rejects.toMatchObject({
      code: 'INVALID_OPTIONS',
    });
  });

  it('an already-aborted load rejects with ABORTED', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      nodeBackend().loadModel(new LocalDirectoryFiles(tiny), { signal: controller.signal }),
    ).rejects.toMatchObject({ code: 'ABORTED' });
  });
});

describe('nodeBackend session options', () => {
  it('are validated when the backend is created', () => {
    expect(() => nodeBackend({ session: { intraOpNumThreads: -1 } })).toThrowError(/intraOpNumThreads/);
    expect(() => nodeBackend({ session: { graphOptimizationLevel: 'max' as 'all' } })).toThrowError(
      /graphOptimizationLevel/,
    );
  });

  it('reach InferenceSession.create unchanged, and a single-threaded unoptimised session gives the same logits', async () => {
    const seen: unknown[] = [];
    const spy = {
      Tensor: ort.Tensor,
      InferenceSession: {
        create: (path: string, options: ort.InferenceSession.SessionOptions) => {
          seen.push(options);
          return ort.InferenceSession.create(path, options);
        },
      },
    } as unknown as typeof ort;
    const backend = nodeBackend({
      ort: spy,
      session: { intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: 'disabled' },
    });
    const runner = await backend.loadModel(new LocalDirectoryFiles(tiny), {});
    try {
      expect(seen).toEqual([
        {
          executionProviders: ['cpu'],
          intraOpNumThreads: 1,
          interOpNumThreads: 1,
          graphOptimizationLevel: 'disabled',
        },
      ]);
      const tokens = [5, 17, 42, 99, 3];
      const cache = new FullKVCache(runner.kvLayout);
      const { logits } = await runner.forward({
        sequences: [{ tokens, positions: [0, 1, 2, 3, 4], cache, logits: 'all' }],
      });
      const ref = await onnxReferenceLogits(tiny, tokens);
      expect(logits[0].length).toBe(ref.length);
      let worst = 0;
      for (let i = 0; i < ref.length; i++) worst = Math.max(worst, Math.abs(logits[0][i] - ref[i]));
      expect(worst).toBeLessThan(1e-4);
    } finally {
      await runner.dispose();
    }
  });
});
