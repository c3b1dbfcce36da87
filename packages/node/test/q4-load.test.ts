import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createEngine, type Engine, PocketLMError } from '@pocketlm/core';
import { FIXTURE_ONNX_FILES, fixtureSpecs } from '@pocketlm/testkit';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalDirectoryFiles, nodeBackend } from '../src/index.js';
import { tinyCopy, tinyDir, tinyEngine } from './engine-fixture.js';

let tiny: string;
let q4: Engine;
let fp32: Engine;

beforeAll(async () => {
  tiny = await tinyDir();
  q4 = await tinyEngine({ dtype: 'q4' });
  fp32 = await tinyEngine();
});

afterAll(async () => {
  await q4?.dispose();
  await fp32?.dispose();
});

async function loadError(promise: Promise<unknown>): Promise<PocketLMError> {
  try {
    await promise;
  } catch (error) {
    if (PocketLMError.isInstance(error)) return error;
    throw new Error(`rejected with a non-PocketLM error: ${String(error)}`, { cause: error });
  }
  throw new Error('resolved, expected a rejection');
}

/** Greedy ids from onnxruntime running `file` directly, recomputing the whole sequence every step. */
async function directGreedy(file: string, prompt: number[], steps: number): Promise<number[]> {
  const { numLayers, numKVHeads, headDim, vocabSize: V } = fixtureSpecs.tiny;
  const session = await ort.InferenceSession.create(join(tiny, file), { intraOpNumThreads: 1 });
  const ids = [...prompt];
  try {
    for (let s = 0; s < steps; s++) {
      const n = ids.length;
      const feeds: Record<string, ort.Tensor> = {
        input_ids: new ort.Tensor('int64', BigInt64Array.from(ids, BigInt), [1, n]),
        attention_mask: new ort.Tensor('int64', new BigInt64Array(n).fill(1n), [1, n]),
        position_ids: new ort.Tensor(
          'int64',
          BigInt64Array.from(ids, (_, i) => BigInt(i)),
          [1, n],
        ),
      };
      for (let l = 0; l < numLayers; l++) {
        for (const kv of ['key', 'value']) {
          const empty = new Float32Array(0);
          feeds[`past_key_values.${l}.${kv}`] = new ort.Tensor('float32', empty, [1, numKVHeads, 0, headDim]);
        }
      }
      const logits = (await session.run(feeds, ['logits'])).logits.data as Float32Array;
      const last = logits.subarray((n - 1) * V, n * V);
      ids.push(last.indexOf(Math.max(...last)));
    }
  } finally {
    await session.release();
  }
  return ids.slice(prompt.length);
}

describe("nodeBackend dtype 'q4'", () => {
  it('declares fp32 (the default) and q4, each with its own files', () => {
    const backend = nodeBackend();
    expect(backend.capabilities.dtypes).toEqual(['fp32', 'q4']);
    expect(backend.requiredFiles({})).toEqual([
      { name: 'onnx/model.onnx' },
      { name: 'onnx/model.onnx_data', optional: true },
    ]);
    expect(backend.requiredFiles({ dtype: 'fp32' })).toEqual(backend.requiredFiles({}));
    expect(backend.requiredFiles({ dtype: 'q4' })).toEqual([
      { name: 'onnx/model_q4.onnx' },
      { name: 'onnx/model_q4.onnx_data', optional: true },
    ]);
    expect(() => backend.requiredFiles({ dtype: 'q8' })).toThrowError(/dtype "q8" is not supported/);
  });

  it('an engine with dtype q4 generates greedy ids equal to onnxruntime running model_q4.onnx directly', async () => {
    const prompt = q4.tokenizer.encode('The quick brown fox');
    const result = await q4.generate({ prompt: 'The quick brown fox', maxTokens: 12 });
    expect(result.tokens.length).toBeGreaterThan(0);
    const visible = result.tokens.filter((id) => !q4.tokenizer.isSpecial(id));
    expect(result.text).toBe(q4.tokenizer.decode(visible, { skipSpecialTokens: true }));
    const expected = await directGreedy(FIXTURE_ONNX_FILES.q4, prompt, result.tokens.length);
    expect(result.tokens).toEqual(expected);
    // The fp32 engine on the same prompt follows model.onnx instead.
    const fp32Result = await fp32.generate({ prompt: 'The quick brown fox', maxTokens: 12 });
    expect(fp32Result.tokens).toEqual(
      await directGreedy(FIXTURE_ONNX_FILES.fp32, prompt, fp32Result.tokens.length),
    );
    // 4-bit weights move this random model's logits enough that the two greedy paths part.
    expect(result.tokens).not.toEqual(fp32Result.tokens);
  });

  it('streams and samples with a seed like the fp32 engine does', async () => {
    const run = () => q4.generate({ prompt: 'Hello', maxTokens: 16, temperature: 1.1, seed: 5 });
    const [a, b] = [await run(), await run()];
    expect(a.tokens).toEqual(b.tokens);
    let streamed = '';
    for await (const e of q4.stream({ prompt: 'Hello', maxTokens: 8 }))
      if (e.type === 'text-delta') streamed += e.text;
    expect(streamed).toBe((await q4.generate({ prompt: 'Hello', maxTokens: 8 })).text);
  });

  it('a directory without onnx/model_q4.onnx is MODEL_NOT_FOUND naming the file; fp32 still loads', async () => {
    const dir = await tinyCopy();
    await rm(join(dir, 'onnx', 'model_q4.onnx'));
    const error = await loadError(nodeBackend().loadModel(new LocalDirectoryFiles(dir), { dtype: 'q4' }));
    expect(error.code).toBe('MODEL_NOT_FOUND');
    expect(error.message).toContain('onnx/model_q4.onnx');
    expect(error.details).toMatchObject({ file: 'onnx/model_q4.onnx', dtype: 'q4' });
    const engineError = await loadError(
      createEngine({ backend: nodeBackend(), model: dir, dtype: 'q4', offline: true }),
    );
    expect(engineError.code).toBe('MODEL_NOT_FOUND');
    const runner = await nodeBackend().loadModel(new LocalDirectoryFiles(dir), {});
    await runner.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  it('a truncated model_q4.onnx is INVALID_MODEL naming the file', async () => {
    const dir = await tinyCopy();
    await writeFile(join(dir, 'onnx', 'model_q4.onnx'), 'not a model');
    const error = await loadError(nodeBackend().loadModel(new LocalDirectoryFiles(dir), { dtype: 'q4' }));
    expect(error.code).toBe('INVALID_MODEL');
    expect(error.message).toContain('onnx/model_q4.onnx');
    await rm(dir, { recursive: true, force: true });
  });

  it("counts onnx/model_q4.onnx_data in the weight bytes when it is there, and ignores model.onnx's", async () => {
    const dir = await tinyCopy();
    const files = new LocalDirectoryFiles(dir);
    const size = async (name: string) => (await files.size(name)) ?? 0;
    const plain = await nodeBackend().loadModel(files, { dtype: 'q4' });
    expect(plain.weightBytes).toBe(await size('onnx/model_q4.onnx'));
    await plain.dispose();
    // A graph with inline weights ignores an external data file; the backend still reports its bytes as loaded.
    await writeFile(join(dir, 'onnx', 'model_q4.onnx_data'), new Uint8Array(1000));
    await writeFile(join(dir, 'onnx', 'model.onnx_data'), new Uint8Array(5000));
    const withData = await nodeBackend().loadModel(files, { dtype: 'q4' });
    expect(withData.weightBytes).toBe((await size('onnx/model_q4.onnx')) + 1000);
    await withData.dispose();
    await rm(dir, { recursive: true, force: true });
  });
});
