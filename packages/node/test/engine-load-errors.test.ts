import { readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createEngine, PocketLMError } from '@pocketlm/core';
import { describe, expect, it } from 'vitest';
import { nodeBackend } from '../src/index.js';
import { tinyCopy } from './engine-fixture.js';

async function codeOfLoad(model: string): Promise<string> {
  try {
    const engine = await createEngine({ backend: nodeBackend(), model, offline: true });
    await engine.dispose();
    return 'loaded';
  } catch (e) {
    return PocketLMError.isInstance(e) ? e.code : `untyped: ${e}`;
  }
}

describe('loading a broken model gives a typed error', () => {
  it('a directory that does not exist → MODEL_NOT_FOUND', async () => {
    expect(await codeOfLoad('./no/such/model-dir')).toBe('MODEL_NOT_FOUND');
  });

  it('a missing model.onnx → MODEL_NOT_FOUND', async () => {
    const dir = await tinyCopy();
    await rm(join(dir, 'onnx', 'model.onnx'));
    expect(await codeOfLoad(dir)).toBe('MODEL_NOT_FOUND');
  });

  it('a truncated model.onnx → INVALID_MODEL', async () => {
    const dir = await tinyCopy();
    const file = join(dir, 'onnx', 'model.onnx');
    const { length } = await readFile(file);
    await truncate(file, Math.floor(length / 2));
    expect(await codeOfLoad(dir)).toBe('INVALID_MODEL');
  });

  it('a config.json that is not JSON, or lacks fields → INVALID_CONFIG', async () => {
    const dir = await tinyCopy();
    await writeFile(join(dir, 'config.json'), '{ "model_type": "llama", ');
    expect(await codeOfLoad(dir)).toBe('INVALID_CONFIG');
    const config = JSON.parse(await readFile(join(await tinyCopy(), 'config.json'), 'utf8'));
    delete config.num_hidden_layers;
    await writeFile(join(dir, 'config.json'), JSON.stringify(config));
    expect(await codeOfLoad(dir)).toBe('INVALID_CONFIG');
  });

  it('a tokenizer with more tokens than the model vocabulary → INVALID_MODEL', async () => {
    const dir = await tinyCopy();
    const path = join(dir, 'tokenizer.json');
    const tok = JSON.parse(await readFile(path, 'utf8'));
    const config = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8'));
    for (let i = 0; i < 20; i++) {
      const id = config.vocab_size + i;
      tok.added_tokens.push({
        id,
        content: `<extra_${i}>`,
        single_word: false,
        lstrip: false,
        rstrip: false,
        normalized: false,
        special: true,
      });
    }
    await writeFile(path, JSON.stringify(tok));
    expect(await codeOfLoad(dir)).toBe('INVALID_MODEL');
  });

  it('fewer tokenizer tokens than the (padded) vocabulary is fine', async () => {
    const dir = await tinyCopy();
    const tok = JSON.parse(await readFile(join(dir, 'tokenizer.json'), 'utf8'));
    const config = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8'));
    expect(Object.keys(tok.model.vocab).length).toBeLessThan(config.vocab_size);
    expect(await codeOfLoad(dir)).toBe('loaded');
  });

  it('a backend of another specification version → BACKEND_UNAVAILABLE', async () => {
    const backend = { ...nodeBackend(), specificationVersion: 'v0' } as never;
    await expect(createEngine({ backend, model: await tinyCopy() })).rejects.toMatchObject({
      code: 'BACKEND_UNAVAILABLE',
    });
  });
});
