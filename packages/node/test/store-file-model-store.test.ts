import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PocketLMError } from '@pocketlm/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileModelStore, fileModelStore } from '../src/store/file-model-store.js';
import { LocalDirectoryFiles } from '../src/store/local-directory-files.js';

const KEY = 'hf/org/name/main';
let root: string;
let store: FileModelStore;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'pocketlm-store-'));
  store = new FileModelStore({ root });
});
afterEach(() => rm(root, { recursive: true, force: true }));

const bytes = (...values: number[]) => new Uint8Array(values);

describe('FileModelStore downloads', () => {
  it('appends partials next to the final file, hashes them, and commits by rename', async () => {
    const file = 'onnx/model.onnx';
    expect(await store.partialSize(KEY, file)).toBe(0);
    await store.appendPartial(KEY, file, bytes(1, 2, 3));
    await store.appendPartial(KEY, file, bytes(4, 5));
    const partial = join(root, 'hf', 'org', 'name', 'main', 'onnx', 'model.onnx.partial');
    expect([...(await readFile(partial))]).toEqual([1, 2, 3, 4, 5]);
    expect(await store.partialSize(KEY, file)).toBe(5);
    expect(await store.has(KEY, file)).toBe(false);
    expect(await store.partialSha256(KEY, file)).toBe(
      createHash('sha256')
        .update(bytes(1, 2, 3, 4, 5))
        .digest('hex'),
    );

    await store.commit(KEY, file);
    expect(existsSync(partial)).toBe(false);
    expect(await store.has(KEY, file)).toBe(true);
    expect(await store.partialSize(KEY, file)).toBe(0);
    const files = store.files(KEY);
    expect([...(await files.readBytes(file))]).toEqual([1, 2, 3, 4, 5]);
    expect(files.localPath?.(file)).toBe(join(root, 'hf', 'org', 'name', 'main', 'onnx', 'model.onnx'));
  });

  it('discards a partial', async () => {
    await store.appendPartial(KEY, 'config.json', bytes(1));
    await store.discardPartial(KEY, 'config.json');
    expect(await store.partialSize(KEY, 'config.json')).toBe(0);
    await store.discardPartial(KEY, 'never-started.json');
  });

  it('replaces an older committed file on commit', async () => {
    await store.appendPartial(KEY, 'config.json', bytes(1));
    await store.commit(KEY, 'config.json');
    await store.appendPartial(KEY, 'config.json', bytes(2, 2));
    await store.commit(KEY, 'config.json');
    expect(await store.files(KEY).size('config.json')).toBe(2);
  });
});

describe('FileModelStore keys', () => {
  it('lists stored models (not their subfolders) and deletes one with its empty parents', async () => {
    await store.appendPartial(KEY, 'onnx/model.onnx', bytes(1));
    await store.appendPartial('hf/org/other/main', 'config.json', bytes(1));
    await store.commit('hf/org/other/main', 'config.json');
    await store.appendPartial('url/127.0.0.1_8080/m', 'config.json', bytes(1));
    expect(await store.list()).toEqual(['hf/org/name/main', 'hf/org/other/main', 'url/127.0.0.1_8080/m']);

    await store.delete(KEY);
    expect(await store.list()).toEqual(['hf/org/other/main', 'url/127.0.0.1_8080/m']);
    expect(existsSync(join(root, 'hf', 'org', 'name'))).toBe(false);
    expect(existsSync(join(root, 'hf', 'org', 'other', 'main', 'config.json'))).toBe(true);

    await store.delete('url/127.0.0.1_8080/m');
    await store.delete('hf/org/other/main');
    expect(await store.list()).toEqual([]);
    expect(await readdir(root)).toEqual([]);
  });

  it('lists nothing for a root that does not exist yet', async () => {
    expect(await new FileModelStore({ root: join(root, 'not-yet') }).list()).toEqual([]);
  });

  it('keeps every key inside the root', async () => {
    for (const key of ['..', '../x', 'a/../../x', '', '/', 'a/./b']) {
      const error = await store.appendPartial(key, 'f', bytes(1)).catch((e: unknown) => e);
      expect(PocketLMError.isInstance(error, 'INVALID_OPTIONS'), key).toBe(true);
      await expect(store.delete(key), key).rejects.toThrow();
    }
    for (const file of ['../escape', '/abs', 'a/../../b']) {
      await expect(store.appendPartial(KEY, file, bytes(1)), file).rejects.toThrow(
        /not a relative model file name/,
      );
    }
    expect(await readdir(root)).toEqual([]);
  });

  it('maps characters a filesystem may refuse to _', async () => {
    await store.appendPartial('url/host:8080/a*b', 'config.json', bytes(1));
    expect(existsSync(join(root, 'url', 'host_8080', 'a_b', 'config.json.partial'))).toBe(true);
    expect(await store.list()).toEqual(['url/host:8080/a*b']);
  });

  it('defaults its root to $POCKETLM_CACHE_DIR, then ~/.cache/pocketlm/models', () => {
    const saved = process.env.POCKETLM_CACHE_DIR;
    try {
      process.env.POCKETLM_CACHE_DIR = join(root, 'env-cache');
      expect(fileModelStore().root).toBe(join(root, 'env-cache'));
      delete process.env.POCKETLM_CACHE_DIR;
      expect(new FileModelStore().root).toBe(join(homedir(), '.cache', 'pocketlm', 'models'));
    } finally {
      if (saved === undefined) delete process.env.POCKETLM_CACHE_DIR;
      else process.env.POCKETLM_CACHE_DIR = saved;
    }
  });
});

describe('FileModelStore.openLocal', () => {
  it('opens an existing directory given as absolute, relative, file:// or ~/ path', async () => {
    const model = join(root, 'my model');
    await mkdir(model);
    await writeFile(join(model, 'config.json'), '{}');
    const savedHome = process.env.HOME;
    process.env.HOME = root;
    try {
      for (const source of [model, relative(process.cwd(), model), pathToFileURL(model).href, '~/my model']) {
        const files = await store.openLocal(source);
        expect(files, source).toBeInstanceOf(LocalDirectoryFiles);
        expect(files?.id).toBe(model);
        expect(await files?.has('config.json')).toBe(true);
      }
    } finally {
      process.env.HOME = savedHome;
    }
  });

  it('returns undefined for what is not an existing directory', async () => {
    await writeFile(join(root, 'file.txt'), 'x');
    for (const source of [
      join(root, 'missing'),
      join(root, 'file.txt'),
      join(root, 'file.txt', 'sub'),
      'org/name',
      'https://example.com/m',
      '',
    ]) {
      expect(await store.openLocal(source), source).toBeUndefined();
    }
  });
});
