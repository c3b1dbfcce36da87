import { PocketLMError } from '@pocketlm/core';
import { describe, expect, it } from 'vitest';
import type { Chunk } from '../src/document.js';
import { createEmbeddedStore } from '../src/store/embedded-store.js';
import type { StoreStorage } from '../src/store/store-storage.js';

function chunk(source: string, index: number, text: string, kind = 'text', hash = `h-${source}`): Chunk {
  return {
    id: `${source}#${index}`,
    source,
    kind,
    hash,
    text,
    start: 0,
    end: text.length,
    headings: [],
    tokens: 4,
  };
}

function unit(dims: number, axis: number, tilt = 0): Float32Array {
  const v = new Float32Array(dims);
  v[axis] = 1;
  v[(axis + 1) % dims] = tilt;
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

async function seeded() {
  const store = await createEmbeddedStore({ dimensions: 4 });
  await store.upsert(
    [
      chunk('a.md', 0, 'Kangaroos hop across the outback', 'markdown'),
      chunk('a.md', 1, 'Wombats dig burrows', 'markdown'),
      chunk('b.txt', 0, 'The outback is hot and dry'),
      chunk('c.html', 0, 'Penguins swim in cold water', 'html'),
    ],
    [unit(4, 0), unit(4, 1), unit(4, 0, 0.5), unit(4, 2)],
  );
  return store;
}

describe('embedded store', () => {
  it('upserts, counts and lists sources with their hashes', async () => {
    const store = await seeded();
    expect(await store.count()).toBe(4);
    expect(await store.sources()).toEqual(
      new Map([
        ['a.md', 'h-a.md'],
        ['b.txt', 'h-b.txt'],
        ['c.html', 'h-c.html'],
      ]),
    );
    expect(store.location).toBeUndefined();
  });

  it('replaces a chunk with the same id instead of duplicating it', async () => {
    const store = await seeded();
    await store.upsert([chunk('a.md', 0, 'Koalas sleep in trees', 'markdown', 'h2')], [unit(4, 3)]);
    expect(await store.count()).toBe(4);
    expect((await store.sources()).get('a.md')).toBe('h2');
    expect(await store.searchText('kangaroos', { limit: 5 })).toEqual([]);
    const [top] = await store.searchVector(unit(4, 3), { limit: 1 });
    expect(top.chunk.text).toBe('Koalas sleep in trees');
  });

  it('concurrent upserts of the same id apply one after the other', async () => {
    const store = await seeded();
    const next = (text: string) => store.upsert([chunk('a.md', 0, text, 'markdown')], [unit(4, 3)]);
    await Promise.all([next('first rewrite'), next('second rewrite'), store.deleteSources(['b.txt'])]);
    expect(await store.count()).toBe(3);
    expect((await store.searchVector(unit(4, 3), { limit: 1 }))[0].chunk.text).toBe('second rewrite');
  });

  it('ranks by cosine similarity and by BM25', async () => {
    const store = await seeded();
    const vector = await store.searchVector(unit(4, 0), { limit: 3 });
    expect(vector.map((h) => h.chunk.id)).toEqual(['a.md#0', 'b.txt#0', expect.any(String)]);
    expect(vector[0].score).toBeCloseTo(1, 5);
    const text = await store.searchText('outback', { limit: 10 });
    expect(text.map((h) => h.chunk.id).sort()).toEqual(['a.md#0', 'b.txt#0']);
    // One occurrence each: the shorter text wins on BM25's length normalisation. Stop words do not count, so
    // "outback hot dry" (3 words) is shorter than "kangaroos hop across outback" (4).
    expect(text[0].chunk.id).toBe('b.txt#0');
  });

  it('filters on source and kind in both searches', async () => {
    const store = await seeded();
    const bySource = await store.searchVector(unit(4, 0), { limit: 10, filter: { source: 'b.txt' } });
    expect(bySource.map((h) => h.chunk.id)).toEqual(['b.txt#0']);
    const byKind = await store.searchText('outback', { limit: 10, filter: { kind: ['markdown', 'html'] } });
    expect(byKind.map((h) => h.chunk.id)).toEqual(['a.md#0']);
    const both = await store.searchVector(unit(4, 0), {
      limit: 10,
      filter: { source: 'a.md', kind: 'html' },
    });
    expect(both).toEqual([]);
    expect(await store.searchVector(unit(4, 0), { limit: 10, filter: { source: [] } })).toEqual([]);
  });

  it('deletes every chunk of a source', async () => {
    const store = await seeded();
    await store.deleteSources(['a.md', 'missing']);
    expect(await store.count()).toBe(2);
    expect([...(await store.sources()).keys()].sort()).toEqual(['b.txt', 'c.html']);
    expect(await store.searchText('wombats', { limit: 5 })).toEqual([]);
    const ids = (await store.searchVector(unit(4, 0), { limit: 10 })).map((h) => h.chunk.id);
    expect(ids).not.toContain('a.md#0');
  });

  it('finds nothing for an empty or wordless query, and refuses a bad limit', async () => {
    const store = await seeded();
    expect(await store.searchText('   ', { limit: 5 })).toEqual([]);
    expect(await store.searchText('?!', { limit: 5 })).toEqual([]);
    await expect(store.searchText('outback', { limit: -1 })).rejects.toSatisfy((e) =>
      PocketLMError.isInstance(e, 'INVALID_OPTIONS'),
    );
  });

  it('refuses vectors of another dimension, naming both, and leaves the store unchanged', async () => {
    const store = await seeded();
    const bad = store.upsert([chunk('d', 0, 'x'), chunk('e', 0, 'y')], [unit(4, 0), new Float32Array(8)]);
    await expect(bad).rejects.toSatisfy(
      (e) => PocketLMError.isInstance(e, 'INVALID_OPTIONS') && /8 dimensions.*4-dimension/.test(e.message),
    );
    expect(await store.count()).toBe(4);
    await expect(store.searchVector(new Float32Array(3), { limit: 1 })).rejects.toThrow(
      /3 dimensions.*4-dimension/,
    );
    await expect(
      store.upsert([chunk('d', 0, 'x')], [new Float32Array([1, Number.NaN, 0, 0])]),
    ).rejects.toThrow(/non-finite/);
    await expect(store.upsert([chunk('d', 0, 'x')], [])).rejects.toThrow(/1 chunks but 0 embeddings/);
  });

  it('saves into an injected storage and loads it back', async () => {
    const saved = new Map<string, Uint8Array>();
    const storage: StoreStorage = {
      get: async (key) => saved.get(key),
      put: async (key, bytes) => void saved.set(key, bytes),
      delete: async (key) => void saved.delete(key),
    };
    const store = await createEmbeddedStore({ dimensions: 4, storage });
    await store.upsert([chunk('a.md', 0, 'Kangaroos hop')], [unit(4, 0)]);
    await store.save();
    expect([...saved.keys()]).toEqual(['pocketlm-rag-store']);
    const again = await createEmbeddedStore({ dimensions: 4, storage });
    expect(await again.count()).toBe(1);
    expect((await again.searchText('kangaroos', { limit: 1 }))[0].chunk.id).toBe('a.md#0');
    await expect(createEmbeddedStore({ dimensions: 8, storage })).rejects.toThrow(/4-dimension.*makes 8/);
  });
});
