import { LocalDirectoryFiles } from '@pocketlm/node';
import { ensureFixture, FIXTURE_GGUF_FILES } from '@pocketlm/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  dequantizeQ4_0,
  dequantizeQ8_0,
  type GgufWeightSource,
  openWeightSource,
  readArchitecture,
  type WeightSource,
} from '../../src/formats/index.js';

let files: LocalDirectoryFiles;
let safetensors: WeightSource;

beforeAll(async () => {
  files = new LocalDirectoryFiles(await ensureFixture('tiny'));
  safetensors = await openWeightSource(files);
});

function f32(bytes: Uint8Array): Float32Array {
  return new Float32Array(bytes.slice().buffer);
}

/** Largest |error| / |largest value| over each 32-value block of the rows. */
function worstBlockError(reference: Float32Array, decoded: Float32Array): number {
  let worst = 0;
  for (let b = 0; b < reference.length; b += 32) {
    let amax = 0;
    let err = 0;
    for (let j = b; j < b + 32; j++) {
      amax = Math.max(amax, Math.abs(reference[j]));
      err = Math.max(err, Math.abs(reference[j] - decoded[j]));
    }
    if (amax > 0) worst = Math.max(worst, err / amax);
  }
  return worst;
}

describe('testkit GGUF fixtures read back', () => {
  it('model.safetensors is the default weight file', () => {
    expect(safetensors.format).toBe('safetensors');
    expect(safetensors.tensors.get('model.layers.0.self_attn.q_proj.weight')).toMatchObject({
      dtype: 'F32',
      shape: [64, 64],
      byteLength: 64 * 64 * 4,
    });
  });

  it('F32 GGUF gives exactly the safetensors weights, under HF names and shapes, Q/K un-permuted', async () => {
    const gguf = await openWeightSource(files, { file: FIXTURE_GGUF_FILES.F32 });
    expect(gguf.format).toBe('gguf');
    expect([...gguf.tensors.keys()].sort()).toEqual([...safetensors.tensors.keys()].sort());
    for (const [name, entry] of safetensors.tensors) {
      expect(gguf.tensors.get(name), name).toEqual(entry);
      const same = Buffer.compare(await gguf.readTensor(name), await safetensors.readTensor(name)) === 0;
      expect(same, name).toBe(true);
    }
    await gguf.close();
  });

  for (const [weights, dequantize, bound] of [
    // Q8_0: half a step of amax/127, plus the fp16 rounding of the scale.
    ['Q8_0', dequantizeQ8_0, 0.6 / 127],
    // Q4_0: steps of amax/8; values of the other sign clamp at +7 steps, so up to one full step.
    ['Q4_0', dequantizeQ4_0, 1.02 / 8],
  ] as const) {
    it(`${weights} GGUF dequantizes to the safetensors weights within ggml's error`, async () => {
      const gguf = await openWeightSource(files, { file: FIXTURE_GGUF_FILES[weights] });
      let worst = 0;
      for (const [name, entry] of safetensors.tensors) {
        const quantized = gguf.tensors.get(name);
        expect(quantized?.shape, name).toEqual(entry.shape);
        const reference = f32(await safetensors.readTensor(name));
        const bytes = await gguf.readTensor(name);
        if (entry.shape.length === 1) {
          expect(quantized?.dtype, name).toBe('F32');
          expect(f32(bytes), name).toEqual(reference);
          continue;
        }
        expect(quantized?.dtype, name).toBe(weights);
        const error = worstBlockError(reference, dequantize(bytes));
        expect(error, name).toBeLessThanOrEqual(bound);
        worst = Math.max(worst, error);
      }
      // Not trivially exact either: quantization really happened.
      expect(worst).toBeGreaterThan(bound / 10);
      await gguf.close();
    });
  }

  it('carries the tokenizer the way llama.cpp loads it (gpt2 model, gpt-2 pre-tokenizer, padded vocabulary)', async () => {
    const gguf = (await openWeightSource(files, { file: FIXTURE_GGUF_FILES.Q4_0 })) as GgufWeightSource;
    const tokenizer = JSON.parse(await files.readText('tokenizer.json'));
    const config = JSON.parse(await files.readText('tokenizer_config.json'));
    const meta = gguf.header.metadata;
    expect(meta.get('general.architecture')).toBe('llama');
    expect(meta.get('general.file_type')).toBe(2);
    expect(meta.get('tokenizer.ggml.model')).toBe('gpt2');
    expect(meta.get('tokenizer.ggml.pre')).toBe('gpt-2');
    const tokens = meta.get('tokenizer.ggml.tokens') as string[];
    const types = meta.get('tokenizer.ggml.token_type') as Int32Array;
    expect(tokens).toHaveLength(512);
    for (const [token, id] of Object.entries(tokenizer.model.vocab as Record<string, number>)) {
      expect(tokens[id]).toBe(token);
    }
    // Control tokens, normal tokens, then the embedding's padding rows past the tokenizer's 500 ids.
    expect([tokens[0], tokens[1], tokens[2]]).toEqual(['<|endoftext|>', '<|im_start|>', '<|im_end|>']);
    expect([...types.subarray(0, 4)]).toEqual([3, 3, 3, 1]);
    expect([tokens[500], types[500], types[511]]).toEqual(['[PAD500]', 5, 5]);
    const merges = meta.get('tokenizer.ggml.merges') as string[];
    expect(merges).toHaveLength(tokenizer.model.merges.length);
    expect(merges[0]).toBe((tokenizer.model.merges[0] as string[]).join(' '));
    expect(meta.get('tokenizer.ggml.bos_token_id')).toBe(1);
    expect(meta.get('tokenizer.ggml.eos_token_id')).toBe(2);
    expect(meta.get('tokenizer.chat_template')).toBe(config.chat_template);
    await gguf.close();
  });

  it('the GGUF metadata gives the same architecture as config.json', async () => {
    const fromConfig = await readArchitecture(files);
    expect(fromConfig).toMatchObject({
      modelType: 'llama',
      hiddenSize: 64,
      numLayers: 2,
      numHeads: 4,
      numKVHeads: 2,
      headDim: 16,
      intermediateSize: 128,
      vocabSize: 512,
      tieWordEmbeddings: true,
      attentionBias: false,
      maxPositionEmbeddings: 2048,
    });
    for (const file of Object.values(FIXTURE_GGUF_FILES)) {
      const fromGguf = await readArchitecture(files, { file });
      expect(fromGguf).toEqual({ ...fromConfig, rmsNormEps: expect.closeTo(fromConfig.rmsNormEps, 12) });
      const source = await openWeightSource(files, { file });
      expect(await readArchitecture(files, { source })).toEqual(fromGguf);
      await source.close();
    }
  });
});
