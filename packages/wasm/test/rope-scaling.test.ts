import { FullKVCache, type ModelConfig, PocketLMError, parseModelConfig } from '@pocketlm/core';
import { LocalDirectoryFiles } from '@pocketlm/node';
import { describe, expect, it } from 'vitest';
import { ropeInverseFrequencies } from '../src/model/rope-scaling.js';
import { tempModelDir } from './temp-model-dir.js';
import { fixtureDir, loadFixtureRunner, testBackend } from './wasm-fixtures.js';

function config(ropeScaling?: Record<string, unknown>): ModelConfig {
  return parseModelConfig(
    JSON.stringify({
      vocab_size: 16,
      hidden_size: 128,
      intermediate_size: 8,
      num_hidden_layers: 1,
      num_attention_heads: 2,
      max_position_embeddings: 131072,
      rope_theta: 500000,
      rope_scaling: ropeScaling,
    }),
  );
}

/** Float32 results against float64 formulas: within float32's precision. */
function expectRelative(actual: number, expected: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-6 * Math.abs(expected));
}

describe('rope_scaling', () => {
  const plain = ropeInverseFrequencies(config());

  it('without scaling: 1 / theta^(2i / headDim)', () => {
    expect(plain.length).toBe(32);
    for (let i = 0; i < 32; i++) expectRelative(plain[i], 1 / 500000 ** ((2 * i) / 64));
  });

  it('linear divides every frequency by the factor', () => {
    const linear = ropeInverseFrequencies(config({ rope_type: 'linear', factor: 4 }));
    for (let i = 0; i < 32; i++) expectRelative(linear[i], plain[i] / 4);
  });

  it("llama3 keeps high frequencies, divides low ones by the factor and blends between (Llama 3.2's settings)", () => {
    const scaled = ropeInverseFrequencies(
      config({
        rope_type: 'llama3',
        factor: 32,
        low_freq_factor: 1,
        high_freq_factor: 4,
        original_max_position_embeddings: 8192,
      }),
    );
    let kept = 0;
    let divided = 0;
    let blended = 0;
    for (let i = 0; i < 32; i++) {
      const wavelen = (2 * Math.PI) / plain[i];
      if (wavelen < 8192 / 4) {
        expect(scaled[i]).toBe(plain[i]);
        kept++;
      } else if (wavelen > 8192) {
        expectRelative(scaled[i], plain[i] / 32);
        divided++;
      } else {
        // smooth = (8192 / wavelen - 1) / 3 weighs the unscaled frequency.
        const smooth = (8192 / wavelen - 1) / 3;
        expectRelative(scaled[i], (1 - smooth) * (plain[i] / 32) + smooth * plain[i]);
        blended++;
      }
    }
    expect(kept).toBeGreaterThan(0);
    expect(divided).toBeGreaterThan(0);
    expect(blended).toBeGreaterThan(0);
  });

  it('an unknown or incomplete scaling is INVALID_MODEL', () => {
    for (const scaling of [
      { rope_type: 'yarn', factor: 4 },
      { rope_type: 'llama3', factor: 8 },
    ]) {
      let thrown: unknown;
      try {
        ropeInverseFrequencies(config(scaling));
      } catch (error) {
        thrown = error;
      }
      expect(PocketLMError.isInstance(thrown, 'INVALID_MODEL'), String(thrown)).toBe(true);
    }
  });

  it('a model with linear factor 2 at positions 0, 2, 4… gives the unscaled model’s logits at 0, 1, 2…', async () => {
    const tokens = [1, 40, 300, 7, 99, 12];
    const plainRunner = await loadFixtureRunner('tiny');
    const expected = await plainRunner.forward({
      sequences: [
        {
          tokens,
          positions: tokens.map((_, i) => i),
          cache: new FullKVCache(plainRunner.kvLayout),
          logits: 'all',
        },
      ],
    });
    const { dir, cleanup } = await tempModelDir(await fixtureDir('tiny'), {
      config: (c) => Object.assign(c, { rope_scaling: { rope_type: 'linear', factor: 2 } }),
    });
    try {
      const scaled = await testBackend().loadModel(new LocalDirectoryFiles(dir), {});
      const actual = await scaled.forward({
        sequences: [
          {
            tokens,
            positions: tokens.map((_, i) => 2 * i),
            cache: new FullKVCache(scaled.kvLayout),
            logits: 'all',
          },
        ],
      });
      expect(actual.logits[0]).toEqual(expected.logits[0]);
      await scaled.dispose();
    } finally {
      await cleanup();
      await plainRunner.dispose();
    }
  });
});
