import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseModelConfig } from '@pocketlm/core';
import * as ort from 'onnxruntime-node';

const sessions = new Map<
  string,
  Promise<{ session: ort.InferenceSession; layers: number; heads: number; dim: number }>
>();

async function open(dir: string, file: string) {
  const config = parseModelConfig(await readFile(join(dir, 'config.json'), 'utf8'));
  const session = await ort.InferenceSession.create(join(dir, file), {
    executionProviders: ['cpu'],
  });
  return { session, layers: config.numLayers, heads: config.numKVHeads, dim: config.headDim };
}

/**
 * The conformance reference for ONNX backends: onnxruntime itself running the fixture's graph (`file`, default
 * `onnx/model.onnx`; the q4 suite passes `model_q4.onnx`) on the whole sequence from an empty past, with none of
 * the backend's code involved. Returns [tokens, vocab] logits.
 */
export async function onnxReferenceLogits(
  dir: string,
  tokens: number[],
  file = join('onnx', 'model.onnx'),
): Promise<Float32Array> {
  const key = join(dir, file);
  let opened = sessions.get(key);
  if (!opened) {
    opened = open(dir, file);
    sessions.set(key, opened);
  }
  const { session, layers, heads, dim } = await opened;
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

/** Releases the reference sessions (call from afterAll). */
export async function releaseReferenceSessions(): Promise<void> {
  const all = [...sessions.values()];
  sessions.clear();
  for (const opened of all) await (await opened).session.release();
}
