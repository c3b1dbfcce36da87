import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PocketLMError } from '@pocketlm/core';
import { LocalDirectoryFiles } from '@pocketlm/node';
import { fixtureSpecs, type GgmlTensorType, GgufWriter, llamaGgufMetadata } from '@pocketlm/testkit';
import { describe, expect, it } from 'vitest';
import { type GgufWeightSource, openWeightSource } from '../src/formats/index.js';
import { fixtureDir, testBackend } from './wasm-fixtures.js';

/** The tiny fixture's f32 GGUF rewritten with llama.cpp's `rope_freqs.weight` (Llama 3 RoPE factors) added. */
async function ggufWithRopeFreqs(dir: string, out: string): Promise<void> {
  const source = (await openWeightSource(new LocalDirectoryFiles(dir), {
    file: 'model-f32.gguf',
  })) as GgufWeightSource;
  const bytes = await readFile(join(dir, 'model-f32.gguf'));
  const tensors = source.header.tensors.map((t) => ({
    name: t.name,
    dims: t.dims,
    type: t.dtype as GgmlTensorType,
  }));
  const half = fixtureSpecs.tiny.headDim / 2;
  const writer = await GgufWriter.open(
    join(out, 'model-f32.gguf'),
    llamaGgufMetadata('tiny', fixtureSpecs.tiny, 'F32'),
    [...tensors, { name: 'rope_freqs.weight', dims: [half], type: 'F32' }],
  );
  for (const t of source.header.tensors) await writer.write(bytes.subarray(t.start, t.start + t.byteLength));
  await writer.write(new Uint8Array(Float32Array.from({ length: half }, () => 2).buffer));
  await writer.close();
  await source.close();
}

describe('RoPE scaling a GGUF carries', () => {
  it('a GGUF with rope_freqs.weight but a config.json without rope_scaling is INVALID_MODEL', async () => {
    const dir = await fixtureDir('tiny');
    const out = await mkdtemp(join(tmpdir(), 'pocketlm-wasm-gguf-'));
    try {
      await ggufWithRopeFreqs(dir, out);
      await copyFile(join(dir, 'config.json'), join(out, 'config.json'));
      let thrown: unknown;
      try {
        await testBackend({ file: 'model-f32.gguf' }).loadModel(new LocalDirectoryFiles(out), {});
      } catch (error) {
        thrown = error;
      }
      expect(PocketLMError.isInstance(thrown, 'INVALID_MODEL'), String(thrown)).toBe(true);
      expect((thrown as PocketLMError).message).toMatch(/rope_freqs/);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
