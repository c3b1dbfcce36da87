import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FullKVCache } from '@pocketlm/core';
import { maxLogitError } from '@pocketlm/core/testing';
import { LocalDirectoryFiles } from '@pocketlm/node';
import { parseSafetensors, ReferenceLlama, referenceConfigFromJson } from '@pocketlm/testkit';
import { describe, expect, it } from 'vitest';
import { tempModelDir } from './temp-model-dir.js';
import { fixtureDir, testBackend } from './wasm-fixtures.js';

/** A safetensors file of the given f32 tensors. */
function safetensors(tensors: Map<string, { shape: number[]; data: Float32Array }>): Buffer {
  const header: Record<string, unknown> = {};
  let offset = 0;
  for (const [name, t] of tensors) {
    header[name] = { dtype: 'F32', shape: t.shape, data_offsets: [offset, offset + t.data.byteLength] };
    offset += t.data.byteLength;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - (json.length % 8)) % 8);
  const prefix = Buffer.alloc(8);
  prefix.writeBigUInt64LE(BigInt(json.length));
  return Buffer.concat([
    prefix,
    Buffer.from(json),
    ...[...tensors.values()].map((t) => Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength)),
  ]);
}

/** The tiny fixture's tensors, editable. */
async function tinyTensors(dir: string) {
  const file = parseSafetensors(await readFile(join(dir, 'model.safetensors')));
  const tensors = new Map<string, { shape: number[]; data: Float32Array }>();
  for (const [name, info] of file.tensors)
    tensors.set(name, { shape: info.shape, data: file.getFloat32(name) });
  return tensors;
}

async function logitsOf(dir: string, tokens: number[]): Promise<Float32Array> {
  const runner = await testBackend().loadModel(new LocalDirectoryFiles(dir), {});
  try {
    const cache = new FullKVCache(runner.kvLayout);
    const out = await runner.forward({
      sequences: [{ tokens, positions: tokens.map((_, i) => i), cache, logits: 'all' }],
    });
    return out.logits[0];
  } finally {
    await runner.dispose();
  }
}

const TOKENS = [1, 33, 250, 12, 498, 7, 7, 64];

describe('Llama-family variants', () => {
  it('untied embeddings: the LM head is lm_head.weight, as the JS reference computes it', async () => {
    const fixture = await fixtureDir('tiny');
    const tensors = await tinyTensors(fixture);
    const embed = tensors.get('model.embed_tokens.weight') as { shape: number[]; data: Float32Array };
    // A head unlike the embedding, so using the wrong one cannot pass.
    tensors.set('lm_head.weight', {
      shape: embed.shape,
      data: embed.data.map((v, i) => v * (i % 3 === 0 ? -1 : 0.5)),
    });
    const { dir, cleanup } = await tempModelDir(fixture, {
      config: (c) => Object.assign(c, { tie_word_embeddings: false }),
    });
    try {
      await writeFile(join(dir, 'model.safetensors'), safetensors(tensors));
      const raw = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')) as Record<string, unknown>;
      const reference = new ReferenceLlama(referenceConfigFromJson(raw), {
        getFloat32: (name) => (tensors.get(name) as { data: Float32Array }).data,
      }).forward(TOKENS);
      const actual = await logitsOf(dir, TOKENS);
      expect(maxLogitError(actual, reference).error).toBeLessThan(1e-4);
      expect(maxLogitError(actual, await logitsOf(fixture, TOKENS)).error).toBeGreaterThan(0.1);
    } finally {
      await cleanup();
    }
  });

  it('Qwen2 attention bias is loaded and added: zero biases change nothing, a value bias changes the logits', async () => {
    const fixture = await fixtureDir('tiny');
    const tensors = await tinyTensors(fixture);
    const raw = JSON.parse(await readFile(join(fixture, 'config.json'), 'utf8')) as Record<string, unknown>;
    const config = referenceConfigFromJson(raw);
    const withBias = (value: (projection: string) => number) => {
      const out = new Map(tensors);
      for (let l = 0; l < config.numLayers; l++) {
        for (const [projection, heads] of [
          ['q_proj', config.numHeads],
          ['k_proj', config.numKVHeads],
          ['v_proj', config.numKVHeads],
        ] as const) {
          const size = heads * config.headDim;
          out.set(`model.layers.${l}.self_attn.${projection}.bias`, {
            shape: [size],
            data: new Float32Array(size).fill(value(projection)),
          });
        }
      }
      return out;
    };
    const run = async (biased: Map<string, { shape: number[]; data: Float32Array }>) => {
      const { dir, cleanup } = await tempModelDir(fixture, {
        config: (c) => Object.assign(c, { model_type: 'qwen2' }),
      });
      try {
        await writeFile(join(dir, 'model.safetensors'), safetensors(biased));
        return await logitsOf(dir, TOKENS);
      } finally {
        await cleanup();
      }
    };
    const plain = await logitsOf(fixture, TOKENS);
    expect(await run(withBias(() => 0))).toEqual(plain);
    const shifted = await run(withBias((projection) => (projection === 'v_proj' ? 0.5 : 0)));
    expect(maxLogitError(shifted, plain).error).toBeGreaterThan(0.01);
  });
});
