import { describe, expect, it } from 'vitest';
import type { Chunk } from '../src/document.js';
import { hybridSearch } from '../src/retrieval/hybrid-search.js';
import { recallAtK } from '../src/retrieval/recall-at-k.js';
import { reciprocalRankFusion } from '../src/retrieval/reciprocal-rank-fusion.js';
import { createEmbeddedStore } from '../src/store/embedded-store.js';
import type { StoreHit, VectorStore } from '../src/store/vector-store.js';

const chunk = (id: string, text = id, kind = 'text'): Chunk => ({
  id,
  source: id.split('#')[0],
  kind,
  hash: 'h',
  text,
  start: 0,
  end: text.length,
  headings: [],
  tokens: 1,
});
const hits = (...ids: string[]): StoreHit[] => ids.map((id, i) => ({ chunk: chunk(id), score: 10 - i }));

/** A store whose two lists are fixed, to check fusion alone. */
function fixedStore(lexical: StoreHit[], vector: StoreHit[]): VectorStore {
  const unused = async () => {
    throw new Error('unused');
  };
  return {
    dimensions: 2,
    upsert: unused,
    deleteSources: unused,
    sources: unused,
    count: unused,
    save: unused,
    searchText: async (_q, { limit }) => lexical.slice(0, limit),
    searchVector: async (_q, { limit }) => vector.slice(0, limit),
  };
}

describe('reciprocal-rank fusion', () => {
  it('orders a constructed example by Σ 1/(k + rank)', async () => {
    // lexical: A B C D   vector: C A E
    // A: 1/61 + 1/62 = .03252   C: 1/63 + 1/61 = .03227   B: 1/62   E: 1/63   D: 1/64
    const store = fixedStore(hits('A', 'B', 'C', 'D'), hits('C', 'A', 'E'));
    const fused = await hybridSearch(store, { text: 'q', vector: new Float32Array(2), limit: 10 });
    expect(fused.map((c) => c.id)).toEqual(['A', 'C', 'B', 'E', 'D']);
    expect(fused.map((c) => [c.lexicalRank, c.vectorRank])).toEqual([
      [1, 2],
      [3, 1],
      [2, undefined],
      [undefined, 3],
      [4, undefined],
    ]);
    expect(fused[0].score).toBeCloseTo(1 / 61 + 1 / 62, 12);
    expect(fused[0].text).toBe('A');
    const two = await hybridSearch(store, { text: 'q', vector: new Float32Array(2), limit: 2 });
    expect(two.map((c) => c.id)).toEqual(['A', 'C']);
  });

  it('k shapes how much a single top rank counts against agreement', () => {
    // Y is third in both lists; X is first in one. k = 0: X scores 1, Y 2/3. k = 60: X 1/61, Y 2/63.
    const lists = [
      ['X', 'P', 'Y'],
      ['Q', 'R', 'Y'],
    ];
    expect(reciprocalRankFusion(lists, (s) => s, 0)[0].item).toBe('Q'); // ties with X on score and rank; id order
    expect(reciprocalRankFusion(lists, (s) => s, 0)[2].item).toBe('Y');
    expect(reciprocalRankFusion(lists, (s) => s, 60)[0].item).toBe('Y');
  });

  it('a duplicate within one list counts once, at its best rank; ties break by best rank then id', () => {
    const fused = reciprocalRankFusion(
      [
        ['A', 'B', 'A'],
        ['B', 'A'],
      ],
      (s) => s,
    );
    expect(fused.map((f) => [f.item, f.ranks])).toEqual([
      ['A', [1, 2]],
      ['B', [2, 1]],
    ]);
  });

  it('fuses the embedded store: an exact term and a paraphrase both reach the top', async () => {
    const store = await createEmbeddedStore({ dimensions: 3 });
    await store.upsert(
      [
        chunk('errors#0', 'Error code E4012 means the cache is full'),
        chunk('memory#0', 'When memory runs out the oldest entries are evicted'),
        chunk('intro#0', 'PocketLM runs language models on your device', 'markdown'),
      ],
      [new Float32Array([0, 0, 1]), new Float32Array([1, 0, 0]), new Float32Array([0, 1, 0])],
    );
    const query = { text: 'what is E4012', vector: new Float32Array([0.9, 0.1, 0.2]), limit: 2 };
    const fused = await hybridSearch(store, query);
    expect(fused.map((c) => c.id).sort()).toEqual(['errors#0', 'memory#0']);
    expect(fused.find((c) => c.id === 'errors#0')?.lexicalRank).toBe(1);
    expect(fused.find((c) => c.id === 'memory#0')?.vectorRank).toBe(1);
    const filtered = await hybridSearch(store, { ...query, filter: { kind: 'markdown' } });
    expect(filtered.map((c) => c.id)).toEqual(['intro#0']);
    expect(filtered[0].lexicalRank).toBeUndefined();
  });
});

describe('recallAtK', () => {
  it('counts the exact top-k the approximate list found', () => {
    expect(recallAtK(['a', 'b', 'x', 'y'], ['a', 'b', 'c', 'd'], 4)).toBe(0.5);
    expect(recallAtK(['b', 'a'], ['a', 'b', 'c'], 2)).toBe(1);
    expect(recallAtK(['a'], ['a'], 10)).toBe(1);
    expect(recallAtK([], [], 10)).toBe(1);
  });
});
