import type { Chunk } from '../document.js';

/** A filter on chunk metadata: every key must match (a value, or one of a list). */
export type ChunkFilter = Partial<Record<'source' | 'kind', string | string[]>>;

/** A search result from one of the store's indexes. */
export interface StoreHit {
  chunk: Chunk;
  score: number;
}

/**
 * Where chunks and their embeddings live. The embedded default persists to a file in Node (IndexedDB/OPFS in the
 * browser); other stores (a server, a native index) implement the same calls.
 */
export interface VectorStore {
  /** The embedding width the store holds; a different one is refused. */
  readonly dimensions: number;
  upsert(chunks: readonly Chunk[], embeddings: readonly Float32Array[]): Promise<void>;
  /** Removes every chunk of these sources. */
  deleteSources(sources: readonly string[]): Promise<void>;
  /** Nearest chunks by cosine similarity (embeddings are normalised). */
  searchVector(query: Float32Array, options: { limit: number; filter?: ChunkFilter }): Promise<StoreHit[]>;
  /** Best chunks by BM25 over their text. */
  searchText(query: string, options: { limit: number; filter?: ChunkFilter }): Promise<StoreHit[]>;
  /** Sources and their content hashes, for incremental re-indexing. */
  sources(): Promise<Map<string, string>>;
  count(): Promise<number>;
  /** Writes the store to its file (atomically: a new file, then a rename). */
  save(): Promise<void>;
}
