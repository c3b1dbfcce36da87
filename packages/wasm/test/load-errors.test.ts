import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PocketLMError } from '@pocketlm/core';
import { LocalDirectoryFiles } from '@pocketlm/node';
import { describe, expect, it } from 'vitest';
import { wasmBackend } from '../src/index.js';
import { tempModelDir, writeSparseSafetensors } from './temp-model-dir.js';
import { fixtureDir, testBackend } from './wasm-fixtures.js';

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('Expected a rejection, but the call resolved.');
}

async function loadEdited(edit: Parameters<typeof tempModelDir>[1], options = {}) {
  const { dir, cleanup } = await tempModelDir(await fixtureDir('tiny'), edit);
  try {
    return await rejection(testBackend().loadModel(new LocalDirectoryFiles(dir), options));
  } finally {
    await cleanup();
  }
}

function expectCode(error: unknown, code: string, message?: RegExp): void {
  expect(PocketLMError.isInstance(error), `got ${String(error)}`).toBe(true);
  expect((error as PocketLMError).code, String(error)).toBe(code);
  if (message) expect((error as PocketLMError).message).toMatch(message);
}

describe('load errors', () => {
  it('a missing GGUF file named by `file` is MODEL_NOT_FOUND', async () => {
    const dir = await fixtureDir('tiny');
    const backend = testBackend({ file: 'model-q5_k.gguf' });
    expect(backend.requiredFiles({})).toEqual([{ name: 'model-q5_k.gguf' }]);
    expectCode(await rejection(backend.loadModel(new LocalDirectoryFiles(dir), {})), 'MODEL_NOT_FOUND');
  });

  it('a truncated weight file is INVALID_MODEL', async () => {
    const error = await loadEdited({ weights: (bytes) => bytes.subarray(0, bytes.length - 1000) });
    expectCode(error, 'INVALID_MODEL');
  });

  it('weights shaped unlike config.json are INVALID_MODEL naming the tensor', async () => {
    const error = await loadEdited({ config: (c) => Object.assign(c, { intermediate_size: 96 }) });
    expectCode(error, 'INVALID_MODEL', /mlp\.gate_proj\.weight/);
  });

  it('a layer config.json promises but the weights lack is INVALID_MODEL naming the tensor', async () => {
    const error = await loadEdited({ config: (c) => Object.assign(c, { num_hidden_layers: 3 }) });
    expectCode(error, 'INVALID_MODEL', /model\.layers\.2\./);
  });

  it('a non-Llama architecture is INVALID_MODEL', async () => {
    expectCode(
      await loadEdited({ config: (c) => Object.assign(c, { model_type: 'gpt2' }) }),
      'INVALID_MODEL',
    );
  });

  it('an unsupported rope_scaling is INVALID_MODEL rather than wrong logits', async () => {
    const error = await loadEdited({
      config: (c) => Object.assign(c, { rope_scaling: { rope_type: 'yarn', factor: 4 } }),
    });
    expectCode(error, 'INVALID_MODEL', /rope_scaling/);
  });

  it('dtype fp16 is INVALID_OPTIONS', async () => {
    const dir = await fixtureDir('tiny');
    const error = await rejection(testBackend().loadModel(new LocalDirectoryFiles(dir), { dtype: 'fp16' }));
    expectCode(error, 'INVALID_OPTIONS');
  });

  it('an already-aborted load is ABORTED', async () => {
    const dir = await fixtureDir('tiny');
    const controller = new AbortController();
    controller.abort();
    const error = await rejection(
      testBackend().loadModel(new LocalDirectoryFiles(dir), { signal: controller.signal }),
    );
    expectCode(error, 'ABORTED');
  });
});

describe('memory budget', () => {
  it('a model over maxMemoryBytes is MEMORY_BUDGET_EXCEEDED with the sizes', async () => {
    const dir = await fixtureDir('tiny');
    const error = await rejection(
      testBackend({ maxMemoryBytes: 256 * 1024 }).loadModel(new LocalDirectoryFiles(dir), {}),
    );
    expectCode(error, 'MEMORY_BUDGET_EXCEEDED');
    const details = (error as PocketLMError).details as { requiredBytes: number; maxBytes: number };
    expect(details.maxBytes).toBe(256 * 1024);
    expect(details.requiredBytes).toBeGreaterThan(256 * 1024);
    // The same model fits as q4.
    const runner = await testBackend({ maxMemoryBytes: 1024 * 1024 }).loadModel(
      new LocalDirectoryFiles(dir),
      {
        dtype: 'q4',
      },
    );
    await runner.dispose();
  });

  it("a model past wasm32's 4 GiB is refused before any weight is read or allocated", async () => {
    const { dir, cleanup } = await tempModelDir(await fixtureDir('tiny'));
    try {
      // 4.6 GB of f32 weights declared in a sparse file: reading or allocating them would take seconds and RAM.
      const [hidden, inter, vocab, layers] = [4096, 11008, 32000, 6];
      const shapes: Record<string, number[]> = { 'model.embed_tokens.weight': [vocab, hidden] };
      for (let l = 0; l < layers; l++) {
        const p = `model.layers.${l}`;
        shapes[`${p}.input_layernorm.weight`] = [hidden];
        for (const name of ['q_proj', 'k_proj', 'v_proj', 'o_proj'])
          shapes[`${p}.self_attn.${name}.weight`] = [hidden, hidden];
        shapes[`${p}.post_attention_layernorm.weight`] = [hidden];
        shapes[`${p}.mlp.gate_proj.weight`] = [inter, hidden];
        shapes[`${p}.mlp.up_proj.weight`] = [inter, hidden];
        shapes[`${p}.mlp.down_proj.weight`] = [hidden, inter];
      }
      shapes['model.norm.weight'] = [hidden];
      await writeSparseSafetensors(join(dir, 'model.safetensors'), shapes);
      const config = {
        model_type: 'llama',
        vocab_size: vocab,
        hidden_size: hidden,
        intermediate_size: inter,
        num_hidden_layers: layers,
        num_attention_heads: 32,
        num_key_value_heads: 32,
        max_position_embeddings: 4096,
        tie_word_embeddings: true,
      };
      await writeFile(join(dir, 'config.json'), JSON.stringify(config));
      const started = performance.now();
      const error = await rejection(testBackend().loadModel(new LocalDirectoryFiles(dir), {}));
      expectCode(error, 'MEMORY_BUDGET_EXCEEDED', /4 GiB/);
      expect(performance.now() - started).toBeLessThan(60_000);
    } finally {
      await cleanup();
    }
  });
});

describe('backend options', () => {
  it('declares its capabilities and the weight file it reads', () => {
    const backend = testBackend();
    expect(backend.capabilities).toEqual({
      dtypes: ['fp32', 'q8', 'q4'],
      devices: ['wasm'],
      maxBatchSize: 8,
      allPositionLogits: true,
    });
    expect(backend.requiredFiles({})).toEqual([{ name: 'model.safetensors' }]);
  });

  it('rejects a missing store, a bad memory cap, batch size or file with INVALID_OPTIONS', () => {
    const store = testBackend().store;
    const bad = [
      () => wasmBackend({} as never),
      () => wasmBackend({ store, maxMemoryBytes: 0 }),
      () => wasmBackend({ store, maxMemoryBytes: 2 ** 33 }),
      () => wasmBackend({ store, maxBatchSize: 1.5 }),
      () => wasmBackend({ store, file: '' }),
    ];
    for (const make of bad) {
      let thrown: unknown;
      try {
        make();
      } catch (error) {
        thrown = error;
      }
      expectCode(thrown, 'INVALID_OPTIONS');
    }
  });
});
