import { describe, expect, it } from 'vitest';
import { configArchitecture, readArchitecture } from '../../src/formats/index.js';
import { MemoryFiles } from './memory-files.js';
import { smallSafetensors } from './small-weight-files.js';

const FILE = 'model.safetensors';

describe('architecture from config.json', () => {
  const config = {
    model_type: 'llama',
    hidden_size: 64,
    intermediate_size: 128,
    num_hidden_layers: 2,
    num_attention_heads: 4,
    num_key_value_heads: 2,
    vocab_size: 512,
    max_position_embeddings: 2048,
    rms_norm_eps: 1e-5,
    rope_theta: 10000,
  };

  it('reads the Llama hyperparameters; Qwen2 has attention biases', async () => {
    const files = new MemoryFiles(
      new Map([
        ['config.json', new TextEncoder().encode(JSON.stringify(config))],
        [FILE, smallSafetensors()],
      ]),
    );
    expect(await readArchitecture(files)).toEqual({
      modelType: 'llama',
      hiddenSize: 64,
      numLayers: 2,
      numHeads: 4,
      numKVHeads: 2,
      headDim: 16,
      intermediateSize: 128,
      ropeTheta: 10000,
      rmsNormEps: 1e-5,
      vocabSize: 512,
      tieWordEmbeddings: true,
      attentionBias: false,
      maxPositionEmbeddings: 2048,
    });
    expect(configArchitecture(JSON.stringify({ ...config, model_type: 'qwen2' })).attentionBias).toBe(true);
  });

  it('refuses a model_type that is not Llama-family', () => {
    let error: unknown;
    try {
      configArchitecture(JSON.stringify({ ...config, model_type: 'gpt2' }));
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'INVALID_MODEL', details: { unsupported: 'architecture' } });
  });
});
