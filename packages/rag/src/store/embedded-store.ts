/**
 * The default VectorStore: Orama (@orama/orama) holds the lexical side in memory — BM25 over `text`, enum filters on
 * `source`/`kind`, deletes — and FlatVectorIndex the vectors (exact cosine; see why there). The store saves itself
 * in its own format (store-format.ts).
 *
 * Why Orama: a small, actively released, dependency-free library that runs unchanged in Node ≥ 20 and browsers,
 * with BM25, `where` filters and removal, so we write no inverted index or tokenizer. We do not use
 * @orama/plugin-data-persistence: its file writes are not atomic (a plain writeFile over the target) and its
 * formats hold vectors as JSON/msgpack numbers, several times the size of raw float32.
 */
import { type AnyOrama, create, insertMultiple, removeMultiple, search } from '@orama/orama';
import { PocketLMError } from '@pocketlm/core';
import type { Chunk } from '../document.js';
import { createFileStorage } from './file-storage.js';
import { FlatVectorIndex } from './flat-vector-index.js';
import { ENGLISH_STOP_WORDS } from './stop-words.js';
import { decodeStore, encodeStore, type StoreContents } from './store-format.js';
import type { StoreStorage } from './store-storage.js';
import type { ChunkFilter, StoreHit, VectorStore } from './vector-store.js';

/** Options for {@link createEmbeddedStore}. */
export interface EmbeddedStoreOptions {
  /** The embedder's output width; every vector upserted or searched must have it. */
  dimensions: number;
  /** A file path in Node, or the key under `storage`. Without `path` and `storage` the store lives in memory only. */
  path?: string;
  /** Injected byte storage (e.g. {@link createIndexedDbStorage} in a browser); default: the Node file at `path`. */
  storage?: StoreStorage;
}

/** The embedded store: a {@link VectorStore} that can say where it saves. */
export interface EmbeddedVectorStore extends VectorStore {
  /** The file path or storage key `save()` writes to; `undefined` for a memory-only store (`save()` is a no-op). */
  readonly location: string | undefined;
}

/** The key used under an injected `storage` when no `path` is given. */
export const DEFAULT_STORE_KEY = 'pocketlm-rag-store';

function invalid(message: string, details: Record<string, unknown>): PocketLMError {
  return new PocketLMError('INVALID_OPTIONS', message, { details });
}

function checkDimensions(dimensions: number): void {
  if (!Number.isInteger(dimensions) || dimensions < 1) {
    throw invalid(`"dimensions" must be a positive integer, got ${dimensions}.`, { dimensions });
  }
}

function checkLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 0)
    throw invalid(`"limit" must be an integer ≥ 0, got ${limit}.`, { limit });
}

/**
 * Creates the embedded store. When `path`/`storage` already holds a saved store it is loaded (so re-indexing is
 * incremental); a saved store of another dimension, or a damaged one, is an error and is left untouched.
 */
export async function createEmbeddedStore(options: EmbeddedStoreOptions): Promise<EmbeddedVectorStore> {
  checkDimensions(options.dimensions);
  const { storage, key } = resolveStorage(options.path, options.storage);
  const bytes = storage && key ? await storage.get(key) : undefined;
  const store = new EmbeddedStore(options.dimensions, storage, key);
  if (bytes && key) await store.load(await decodeStore(bytes, key), key);
  return store;
}

/**
 * Opens a saved store (a Node file path, or a key under `options.storage`); its dimension comes from the file.
 * A missing store is `INVALID_OPTIONS`; a damaged one `INVALID_MODEL`; a `dimensions` other than the file's is
 * `INVALID_OPTIONS` naming both.
 */
export async function openEmbeddedStore(
  path: string,
  options: { storage?: StoreStorage; dimensions?: number } = {},
): Promise<EmbeddedVectorStore> {
  const { storage, key } = resolveStorage(path, options.storage);
  const bytes = storage && key ? await storage.get(key) : undefined;
  if (!storage || !key || !bytes) throw invalid(`No RAG store at "${path}".`, { file: path });
  const contents = await decodeStore(bytes, key);
  if (options.dimensions !== undefined) checkDimensions(options.dimensions);
  const store = new EmbeddedStore(options.dimensions ?? contents.dimensions, storage, key);
  await store.load(contents, key);
  return store;
}

function resolveStorage(path: string | undefined, storage: StoreStorage | undefined) {
  if (storage) return { storage, key: path ?? DEFAULT_STORE_KEY };
  if (path) return { storage: createFileStorage(), key: path };
  return { storage: undefined, key: undefined };
}

function createLexicalIndex(): AnyOrama {
  return create({
    schema: { source: 'enum', kind: 'enum', text: 'string' },
    // We never sort by a property; skipping the sort index saves memory and insert time.
    sort: { enabled: false },
    components: { tokenizer: { stopWords: [...ENGLISH_STOP_WORDS] } },
  }) as AnyOrama;
}

function where(filter: ChunkFilter | undefined): Record<string, { in: string[] }> | null {
  const out: Record<string, { in: string[] }> = {};
  for (const key of ['source', 'kind'] as const) {
    const value = filter?.[key];
    if (value === undefined) continue;
    const values = typeof value === 'string' ? [value] : [...value];
    if (values.length === 0) return null; // "one of nothing" matches nothing
    out[key] = { in: values };
  }
  return out;
}

// Vector search filters in our own scan, on the same ChunkFilter semantics as Orama's `where`.
function vectorFilter(filter: ChunkFilter | undefined, chunks: Map<string, Chunk>) {
  const sources = asSet(filter?.source);
  const kinds = asSet(filter?.kind);
  if (!sources && !kinds) return undefined;
  return (id: string) => {
    const chunk = chunks.get(id);
    return !!chunk && (!sources || sources.has(chunk.source)) && (!kinds || kinds.has(chunk.kind));
  };
}

function asSet(value: string | readonly string[] | undefined): Set<string> | undefined {
  return value === undefined ? undefined : new Set(typeof value === 'string' ? [value] : value);
}

class EmbeddedStore implements EmbeddedVectorStore {
  readonly dimensions: number;
  private db: AnyOrama;
  private readonly vectors: FlatVectorIndex;
  private readonly chunks = new Map<string, Chunk>();
  private writes: Promise<void> = Promise.resolve();
  private readonly bySource = new Map<string, { hash: string; ids: Set<string> }>();

  constructor(
    dimensions: number,
    private readonly storage: StoreStorage | undefined,
    private readonly key: string | undefined,
  ) {
    this.dimensions = dimensions;
    this.db = createLexicalIndex();
    this.vectors = new FlatVectorIndex(dimensions);
  }

  get location(): string | undefined {
    return this.key;
  }

  /** Loads saved bytes into this (empty) store, refusing a dimension other than the embedder's. */
  async load(contents: StoreContents, name: string): Promise<void> {
    if (contents.dimensions !== this.dimensions) {
      throw invalid(
        `The RAG store "${name}" holds ${contents.dimensions}-dimension embeddings but the embedder makes ` +
          `${this.dimensions}; use the embedder the store was built with, or rebuild the store.`,
        { file: name, storeDimensions: contents.dimensions, embedderDimensions: this.dimensions },
      );
    }
    await this.insert(contents.chunks, contents.vectors);
  }

  async upsert(chunks: readonly Chunk[], embeddings: readonly Float32Array[]): Promise<void> {
    if (chunks.length !== embeddings.length) {
      throw invalid(`upsert got ${chunks.length} chunks but ${embeddings.length} embeddings.`, {
        chunks: chunks.length,
        embeddings: embeddings.length,
      });
    }
    // Validate the whole batch before touching the index, so a bad vector leaves the store as it was.
    const latest = new Map<string, number>();
    chunks.forEach((chunk, i) => {
      this.checkVector(embeddings[i], `the embedding of chunk "${chunk.id}"`);
      latest.set(chunk.id, i);
    });
    const indices = [...latest.values()];
    const copies = indices.map((i) => Float32Array.from(embeddings[i])); // callers may reuse their buffers
    await this.exclusive(async () => {
      await this.remove([...latest.keys()].filter((id) => this.chunks.has(id)));
      await this.insert(
        indices.map((i) => chunks[i]),
        copies,
      );
    });
  }

  async deleteSources(sources: readonly string[]): Promise<void> {
    await this.exclusive(() => this.remove(sources.flatMap((s) => [...(this.bySource.get(s)?.ids ?? [])])));
  }

  async searchVector(
    query: Float32Array,
    options: { limit: number; filter?: ChunkFilter },
  ): Promise<StoreHit[]> {
    this.checkVector(query, 'the query embedding');
    checkLimit(options.limit);
    const filter = where(options.filter);
    if (options.limit === 0 || filter === null) return [];
    const accept = vectorFilter(options.filter, this.chunks);
    return this.hits(this.vectors.search(query, options.limit, accept));
  }

  async searchText(query: string, options: { limit: number; filter?: ChunkFilter }): Promise<StoreHit[]> {
    checkLimit(options.limit);
    const filter = where(options.filter);
    // Orama returns every document for a term without words; a query with nothing to match finds nothing.
    if (options.limit === 0 || filter === null || !/[\p{L}\p{N}]/u.test(query)) return [];
    const result = await search(this.db, {
      term: query,
      properties: ['text'],
      limit: options.limit,
      where: filter,
    } as never);
    return this.hits(result.hits);
  }

  async sources(): Promise<Map<string, string>> {
    return new Map([...this.bySource].map(([source, { hash }]) => [source, hash]));
  }

  async count(): Promise<number> {
    return this.chunks.size;
  }

  async save(): Promise<void> {
    if (!this.storage || !this.key) return;
    const chunks = [...this.chunks.values()];
    const bytes = await encodeStore({
      dimensions: this.dimensions,
      chunks,
      vectors: chunks.map((c) => this.vectors.get(c.id) as Float32Array),
    });
    await this.storage.put(this.key, bytes);
  }

  // Orama's inserts and removes may yield between batches; writes run one at a time so an upsert never sees
  // another's half-applied replace (which would insert the same id twice).
  private exclusive(write: () => Promise<void>): Promise<void> {
    const run = this.writes.then(write);
    this.writes = run.catch(() => {});
    return run;
  }

  private checkVector(vector: Float32Array | undefined, what: string): void {
    const length = vector?.length;
    if (length !== this.dimensions) {
      throw invalid(
        `${what} has ${length} dimensions but the store holds ${this.dimensions}-dimension embeddings; ` +
          'the embedder and the store must match.',
        { expected: this.dimensions, actual: length },
      );
    }
    for (let i = 0; i < length; i++) {
      if (!Number.isFinite(vector?.[i]))
        throw invalid(`${what} has a non-finite value at ${i}.`, { index: i });
    }
  }

  private async insert(chunks: readonly Chunk[], vectors: readonly Float32Array[]): Promise<void> {
    if (chunks.length === 0) return;
    const docs = chunks.map((c) => ({ id: c.id, source: c.source, kind: c.kind, text: c.text }));
    await insertMultiple(this.db, docs, 1000);
    chunks.forEach((chunk, i) => {
      this.chunks.set(chunk.id, chunk);
      this.vectors.set(chunk.id, vectors[i]);
      const source = this.bySource.get(chunk.source);
      if (source) {
        source.hash = chunk.hash;
        source.ids.add(chunk.id);
      } else {
        this.bySource.set(chunk.source, { hash: chunk.hash, ids: new Set([chunk.id]) });
      }
    });
  }

  private async remove(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await removeMultiple(this.db, [...ids], 1000);
    for (const id of ids) {
      const chunk = this.chunks.get(id);
      if (!chunk) continue;
      this.chunks.delete(id);
      this.vectors.delete(id);
      const source = this.bySource.get(chunk.source);
      source?.ids.delete(id);
      if (source && source.ids.size === 0) this.bySource.delete(chunk.source);
    }
  }

  private hits(hits: readonly { id: string; score: number }[]): StoreHit[] {
    return hits.flatMap((hit) => {
      const chunk = this.chunks.get(hit.id);
      return chunk ? [{ chunk: { ...chunk }, score: hit.score }] : [];
    });
  }
}
