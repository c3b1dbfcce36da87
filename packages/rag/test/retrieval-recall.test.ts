import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Chunk } from '../src/document.js';
import { exactVectorSearch } from '../src/retrieval/exact-vector-search.js';
import { hybridSearch } from '../src/retrieval/hybrid-search.js';
import { recallAtK } from '../src/retrieval/recall-at-k.js';
import { createEmbeddedStore, openEmbeddedStore } from '../src/store/embedded-store.js';

const N = 10_000;
const DIMS = 384;
const QUERIES = 50;

// Seeded so the figures are comparable between runs (mulberry32).
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function unitVector(random: () => number): Float32Array {
  const v = new Float32Array(DIMS);
  for (let i = 0; i < DIMS; i++) v[i] = random() * 2 - 1;
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function time(runs: number, fn: (i: number) => Promise<unknown>) {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn(i);
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  return `p50 ${percentile(ms, 50).toFixed(2)} ms, p95 ${percentile(ms, 95).toFixed(2)} ms`;
}

describe('vector recall and latency at 10k chunks', () => {
  it('recall@10 against exact search, with latencies printed (never asserted)', async () => {
    const random = rng(42);
    const words = Array.from({ length: 3000 }, (_, i) => `w${i.toString(36)}`);
    const chunks: Chunk[] = [];
    const vectors: Float32Array[] = [];
    for (let i = 0; i < N; i++) {
      const text = Array.from({ length: 60 }, () => words[Math.floor(random() ** 2 * words.length)]).join(
        ' ',
      );
      const source = `doc${Math.floor(i / 20)}.md`;
      chunks.push({
        id: `${source}#${i % 20}`,
        source,
        kind: i % 3 ? 'markdown' : 'pdf',
        hash: 'h',
        text,
        start: 0,
        end: text.length,
        headings: [],
        tokens: 80,
      });
      vectors.push(unitVector(random));
    }
    const store = await createEmbeddedStore({ dimensions: DIMS });
    let t = performance.now();
    await store.upsert(chunks, vectors);
    const upsertMs = performance.now() - t;

    const truth = new Map(chunks.map((c, i) => [c.id, vectors[i]] as const));
    const queries = Array.from({ length: QUERIES }, () => unitVector(random));
    let found = 0;
    for (const q of queries) {
      const approx = (await store.searchVector(q, { limit: 10 })).map((h) => h.chunk.id);
      const exact = exactVectorSearch(truth, q, 10).map((h) => h.id);
      found += recallAtK(approx, exact, 10);
    }
    const recall = found / QUERIES;
    // The store's vector search is an exact flat scan, so anything below 1.0 is a bug, not approximation.
    expect(recall).toBe(1);

    const vector = await time(QUERIES, (i) => store.searchVector(queries[i], { limit: 10 }));
    const filtered = await time(QUERIES, (i) =>
      store.searchVector(queries[i], { limit: 10, filter: { kind: 'pdf' } }),
    );
    const text = await time(QUERIES, (i) =>
      store.searchText(`${words[i]} ${words[i * 7]} ${words[i * 13]}`, { limit: 10 }),
    );
    const hybrid = await time(QUERIES, (i) =>
      hybridSearch(store, { text: `${words[i]} ${words[i * 11]}`, vector: queries[i], limit: 10 }),
    );

    const dir = await mkdtemp(join(tmpdir(), 'pocketlm-rag-bench-'));
    try {
      const path = join(dir, 'bench.plmrag');
      const saveStore = await createEmbeddedStore({ dimensions: DIMS, path });
      await saveStore.upsert(chunks, vectors);
      t = performance.now();
      await saveStore.save();
      const saveMs = performance.now() - t;
      t = performance.now();
      const opened = await openEmbeddedStore(path);
      const openMs = performance.now() - t;
      expect(await opened.count()).toBe(N);
      const size = (await stat(path)).size / 1e6;
      console.log(
        [
          `RAG store, ${N} chunks × ${DIMS} dims (random unit vectors, 60-word texts), ${QUERIES} queries:`,
          `  recall@10 vs exact: ${recall.toFixed(3)} (the vector search is exact)`,
          `  upsert all: ${upsertMs.toFixed(0)} ms; save: ${saveMs.toFixed(0)} ms (${size.toFixed(1)} MB); open: ${openMs.toFixed(0)} ms`,
          `  searchVector: ${vector}`,
          `  searchVector, kind filter: ${filtered}`,
          `  searchText (BM25): ${text}`,
          `  hybridSearch (RRF): ${hybrid}`,
        ].join('\n'),
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
