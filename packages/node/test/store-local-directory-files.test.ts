import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PocketLMError } from '@pocketlm/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalDirectoryFiles } from '../src/store/local-directory-files.js';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pocketlm-local-'));
  await mkdir(join(dir, 'onnx'));
  await writeFile(join(dir, 'config.json'), '\uFEFF{"model_type":"llama"}');
  await writeFile(join(dir, 'onnx', 'model.onnx'), new Uint8Array([1, 2, 3, 250]));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('LocalDirectoryFiles', () => {
  it('reads files by relative name, including nested ones', async () => {
    const files = new LocalDirectoryFiles(dir);
    expect(files.id).toBe(dir);
    expect(await files.has('config.json')).toBe(true);
    expect(await files.has('onnx/model.onnx')).toBe(true);
    expect(await files.has('onnx')).toBe(false);
    expect(await files.has('missing.json')).toBe(false);
    expect(JSON.parse(await files.readText('config.json'))).toEqual({ model_type: 'llama' });
    const bytes = await files.readBytes('onnx/model.onnx');
    expect(bytes.constructor).toBe(Uint8Array);
    expect([...bytes]).toEqual([1, 2, 3, 250]);
    expect(await files.size('onnx/model.onnx')).toBe(4);
    expect(await files.size('missing.json')).toBeUndefined();
    expect(files.localPath('onnx/model.onnx')).toBe(join(dir, 'onnx', 'model.onnx'));
    expect(files.localPath('missing.json')).toBeUndefined();
  });

  it('throws MODEL_NOT_FOUND naming the file and the directory', async () => {
    const files = new LocalDirectoryFiles(dir);
    for (const read of [() => files.readText('tokenizer.json'), () => files.readBytes('onnx')]) {
      const error = await read().catch((e: unknown) => e);
      expect(PocketLMError.isInstance(error, 'MODEL_NOT_FOUND')).toBe(true);
      expect((error as Error).message).toContain(dir);
      expect((error as PocketLMError).details).toMatchObject({ directory: dir });
    }
    await expect(files.readText('tokenizer.json')).rejects.toThrow(/tokenizer\.json/);
  });

  it('refuses names that would leave the directory', async () => {
    const files = new LocalDirectoryFiles(join(dir, 'onnx'));
    for (const name of ['../config.json', '/etc/passwd', 'a//b', '']) {
      const error = await files.has(name).catch((e: unknown) => e);
      expect(PocketLMError.isInstance(error, 'INVALID_OPTIONS'), name).toBe(true);
    }
  });

  it('reports a custom id', () => {
    expect(new LocalDirectoryFiles(dir, { id: 'hub:a/b@main' }).id).toBe('hub:a/b@main');
  });
});
