import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PocketLMError } from '@pocketlm/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Chunk } from '../src/document.js';
import { createEmbeddedStore, openEmbeddedStore } from '../src/store/embedded-store.js';
import { STORE_FORMAT_VERSION } from '../src/store/store-format.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pocketlm-rag-store-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function chunk(source: string, index: number, text: string, page?: number): Chunk {
  const c: Chunk = {
    id: `${source}#${index}`,
    source,
    kind: 'markdown',
    hash: `sha-${source}`,
    text,
    start: index * 100,
    end: index * 100 + text.length,
    headings: ['Guide', `Part ${index}`],
    tokens: 7,
  };
  if (page !== undefined) c.page = page;
  return c;
}

async function savedStore(path: string) {
  const store = await createEmbeddedStore({ dimensions: 3, path });
  await store.upsert(
    [
      chunk('guide.md', 0, 'Install the SDK with pnpm', 2),
      chunk('guide.md', 1, 'Load a model from a local path'),
    ],
    [new Float32Array([1, 0, 0]), new Float32Array([0, 0.6, 0.8])],
  );
  await store.save();
  return store;
}

const isCode = (code: 'INVALID_MODEL' | 'INVALID_OPTIONS', pattern: RegExp) => (e: unknown) =>
  PocketLMError.isInstance(e, code) && pattern.test(e.message);

describe('embedded store persistence', () => {
  it('round-trips chunks, vectors and the format version through a file', async () => {
    const path = join(dir, 'index.plmrag');
    await savedStore(path);
    const bytes = await readFile(path);
    expect(bytes.subarray(0, 8).toString()).toBe('PLMRAGST');
    expect(bytes.readUInt32LE(8)).toBe(STORE_FORMAT_VERSION);

    const store = await openEmbeddedStore(path);
    expect(store.dimensions).toBe(3);
    expect(store.location).toBe(path);
    expect(await store.count()).toBe(2);
    expect(await store.sources()).toEqual(new Map([['guide.md', 'sha-guide.md']]));
    const [hit] = await store.searchVector(new Float32Array([0, 0.6, 0.8]), { limit: 1 });
    expect(hit.chunk).toEqual(chunk('guide.md', 1, 'Load a model from a local path'));
    expect(hit.score).toBeCloseTo(1, 6);
    const [text] = await store.searchText('pnpm', { limit: 1 });
    expect(text.chunk).toEqual(chunk('guide.md', 0, 'Install the SDK with pnpm', 2));
    // createEmbeddedStore on an existing file continues from it
    const reopened = await createEmbeddedStore({ dimensions: 3, path });
    expect(await reopened.count()).toBe(2);
    expect(await readdir(dir)).toEqual(['index.plmrag']); // no tmp files left behind
  });

  it('refuses to open with a different dimension, naming both', async () => {
    const path = join(dir, 'index.plmrag');
    await savedStore(path);
    const named = /holds 3-dimension embeddings but the embedder makes 384/;
    await expect(createEmbeddedStore({ dimensions: 384, path })).rejects.toSatisfy(
      isCode('INVALID_OPTIONS', named),
    );
    await expect(openEmbeddedStore(path, { dimensions: 384 })).rejects.toSatisfy(
      isCode('INVALID_OPTIONS', named),
    );
  });

  it('names a missing store', async () => {
    const path = join(dir, 'missing.plmrag');
    await expect(openEmbeddedStore(path)).rejects.toSatisfy(
      isCode('INVALID_OPTIONS', /No RAG store at .*missing/),
    );
  });

  it.each([
    ['truncated', (b: Buffer) => b.subarray(0, b.length - 10)],
    ['a flipped byte', (b: Buffer) => Buffer.from(b.map((x, i) => (i === 40 ? x ^ 1 : x)))],
    ['not a store', () => Buffer.from('{"hello": "world"} and more bytes to pass the size check....')],
    ['empty', () => Buffer.alloc(0)],
  ])('a %s file is a clear error naming it, and is never overwritten', async (_, damage) => {
    const path = join(dir, 'index.plmrag');
    await savedStore(path);
    const damaged = damage(await readFile(path));
    await writeFile(path, damaged);
    const named = (e: unknown) => isCode('INVALID_MODEL', /index\.plmrag/)(e) && e instanceof Error;
    await expect(openEmbeddedStore(path)).rejects.toSatisfy(named);
    await expect(createEmbeddedStore({ dimensions: 3, path })).rejects.toSatisfy(named);
    expect(Buffer.compare(await readFile(path), damaged)).toBe(0);
  });

  it('refuses a file from a newer format version', async () => {
    const path = join(dir, 'index.plmrag');
    await savedStore(path);
    const bytes = await readFile(path);
    bytes.writeUInt32LE(STORE_FORMAT_VERSION + 1, 8);
    await writeFile(path, bytes);
    await expect(openEmbeddedStore(path)).rejects.toSatisfy(isCode('INVALID_MODEL', /format version 2/));
  });

  it('a crash mid-save (a stray tmp file) leaves the original intact and readable', async () => {
    const path = join(dir, 'index.plmrag');
    const store = await savedStore(path);
    const original = await readFile(path);
    // What a crash between write and rename leaves: a partial tmp file beside the untouched original.
    await writeFile(`${path}.tmp-deadbeef`, original.subarray(0, 20));
    expect(await (await openEmbeddedStore(path)).count()).toBe(2);
    // The next save writes its own tmp file and replaces the original whole.
    await store.deleteSources(['guide.md']);
    await store.save();
    expect(await (await openEmbeddedStore(path)).count()).toBe(0);
    expect((await readdir(dir)).sort()).toEqual(['index.plmrag', 'index.plmrag.tmp-deadbeef']);
  });

  it('a memory-only store has nowhere to save and says so by its location', async () => {
    const store = await createEmbeddedStore({ dimensions: 3 });
    await store.save();
    expect(store.location).toBeUndefined();
    expect(await readdir(dir)).toEqual([]);
  });
});
