import { throwIfAborted } from '@pocketlm/core';
import type { ChunkableDocument } from '../chunking/chunk-document.js';
import type { Chunk } from '../document.js';
import type { VectorStore } from '../store/vector-store.js';
import type { RagEmbedder } from './rag-embedder.js';

/** What an indexing run did. */
export interface IndexReport {
  added: string[];
  updated: string[];
  removed: string[];
  /** Documents with no text to index (an empty file): nothing is stored for them, and no error is raised. */
  empty: string[];
  unchanged: number;
  chunks: number;
}

/** Progress while indexing: documents done out of the total that needed work. */
export interface IndexProgress {
  done: number;
  total: number;
  source: string;
}

/**
 * Brings the store up to date with `documents`: sources whose hash is unchanged are left alone, changed ones are
 * re-chunked and re-embedded (their old chunks removed first), and sources no longer present are deleted when
 * `removeMissing` is set (a folder re-index). The store is saved at the end.
 */
export async function indexDocuments(
  documents: readonly ChunkableDocument[],
  parts: {
    store: VectorStore;
    embedder: RagEmbedder;
    chunk: (doc: ChunkableDocument) => Chunk[];
    removeMissing: boolean;
    batchSize?: number;
    onProgress?: (progress: IndexProgress) => void;
    signal?: AbortSignal;
  },
): Promise<IndexReport> {
  const { store, embedder, signal } = parts;
  const known = await store.sources();
  const report: IndexReport = { added: [], updated: [], removed: [], empty: [], unchanged: 0, chunks: 0 };
  const work = documents.filter((doc) => {
    if (known.get(doc.source) === doc.hash) {
      report.unchanged++;
      return false;
    }
    return true;
  });
  const present = new Set(documents.map((d) => d.source));
  if (parts.removeMissing) report.removed = [...known.keys()].filter((s) => !present.has(s));
  const stale = [...report.removed, ...work.map((d) => d.source).filter((s) => known.has(s))];
  if (stale.length) await store.deleteSources(stale);

  const batchSize = parts.batchSize ?? 32;
  for (const [i, doc] of work.entries()) {
    throwIfAborted(signal);
    const chunks = parts.chunk(doc);
    if (chunks.length === 0) {
      report.empty.push(doc.source);
      parts.onProgress?.({ done: i + 1, total: work.length, source: doc.source });
      continue;
    }
    for (let at = 0; at < chunks.length; at += batchSize) {
      const batch = chunks.slice(at, at + batchSize);
      const vectors = await embedder.embed(
        batch.map((c) => c.text),
        { signal },
      );
      await store.upsert(batch, vectors);
    }
    report.chunks += chunks.length;
    (known.has(doc.source) ? report.updated : report.added).push(doc.source);
    parts.onProgress?.({ done: i + 1, total: work.length, source: doc.source });
  }
  await store.save();
  return report;
}
