import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseModelConfig } from '@pocketlm/core';
import { runBackendConformance } from '@pocketlm/core/testing';
import { ensureFixture, FIXTURE_ONNX_FILES } from '@pocketlm/testkit';
import * as ort from 'onnxruntime-node';
import { afterAll } from 'vitest';
import { LocalDirectoryFiles, nodeBackend } from '../src/index.js';

let reference:
  | Promise<{ session: ort.InferenceSession; layers: number; heads: number; dim: number }>
  | undefined;

async function openReference(dir: string) {
  const config = parseModelConfig(await readFile(join(dir, 'config.json'), 'utf8'));
  const session = await ort.InferenceSession.create(join(dir, FIXTURE_ONNX_FILES.q4), {
    executionProviders: ['cpu'],
  });
  return { session, layers: config.numLayers, heads: config.numKVHeads, dim: config.headDim };
}

/** The truth for dtype 'q4': onnxruntime running model_q4.onnx on the whole sequence, without the backend. */
async function q4ReferenceLogits(dir: string, tokens: number[]): Promise<Float32Array> {
  reference ??= openReference(dir);
  const { session, layers, heads, dim } = await reference;
  const n = tokens.length;
  const feeds: Record<string, ort.Tensor> = {
    input_ids: new ort.Tensor('int64', BigInt64Array.from(tokens, BigInt), [1, n]),
    attention_mask: new ort.Tensor('int64', new BigInt64Array(n).fill(1n), [1, n]),
    position_ids: new ort.Tensor(
      'int64',
      BigInt64Array.from(tokens, (_, i) => BigInt(i)),
      [1, n],
    ),
  };
  for (let l = 0; l < layers; l++) {
    feeds[`past_key_values.${l}.key`] = new ort.Tensor('float32', new Float32Array(0), [1, heads, 0, dim]);
    feeds[`past_key_values.${l}.value`] = new ort.Tensor('float32', new Float32Array(0), [1, heads, 0, dim]);
  }
  const out = await session.run(feeds, ['logits']);
  return Float32Array.from(out.logits.data as Float32Array);
}

runBackendConformance({
  name: "node (onnxruntime-node, cpu) on tiny with dtype 'q4'",
  createBackend: () => nodeBackend({ session: { intraOpNumThreads: 2 } }),
  fixtureDir: () => ensureFixture('tiny', { root: process.env.POCKETLM_FIXTURES_DIR }),
  openFiles: async (dir) => new LocalDirectoryFiles(dir),
  referenceLogits: q4ReferenceLogits,
  loadOptions: { dtype: 'q4' },
});

afterAll(async () => {
  await (await reference)?.session.release();
});
