import { chunkDocument } from '../chunking/chunk-document.js';
import { DEFAULT_MAX_TOKENS } from '../chunking/chunk-options.js';
import { createEmbeddedStore } from '../store/embedded-store.js';
import type { StoreStorage } from '../store/store-storage.js';
import type { VectorStore } from '../store/vector-store.js';
import { Rag } from './rag.js';
import type { RagEmbedder } from './rag-embedder.js';

export interface CreateRagOptions {
  embedder: RagEmbedder & { countTokens?: (text: string) => number };
  /** A store of your own; default: the embedded store, saved at `path` (Node) or in `storage` (IndexedDB). */
  store?: VectorStore;
  path?: string;
  storage?: StoreStorage;
  /**
   * Chunk size and overlap in the embedder's tokens (default 256, or less when the embedder reads fewer: its
   * `maxLength` minus its special tokens, so no chunk is cut when embedded; overlap 32).
   */
  maxTokens?: number;
  overlapTokens?: number;
  /** Counts tokens for chunking (default: the embedder's tokenizer, else about four characters a token). */
  countTokens?: (text: string) => number;
}

/**
 * A RAG pipeline with the defaults: the embedded store (opened from `path`/`storage` when it exists, so indexing is
 * incremental across runs) and token-aware chunking with the embedder's tokenizer.
 */
export async function createRag(options: CreateRagOptions): Promise<Rag> {
  const store =
    options.store ??
    (await createEmbeddedStore({
      dimensions: options.embedder.info.dimensions,
      path: options.path,
      storage: options.storage,
    }));
  const countTokens =
    options.countTokens ??
    (options.embedder.countTokens
      ? (text: string) => options.embedder.countTokens!(text)
      : (text: string) => Math.ceil(text.length / 4));
  const limit = options.embedder.info.maxLength;
  // Two tokens are left for the embedder's own [CLS] and [SEP].
  const maxTokens =
    options.maxTokens ?? Math.min(DEFAULT_MAX_TOKENS, limit ? Math.max(8, limit - 2) : Infinity);
  return new Rag({
    embedder: options.embedder,
    store,
    chunk: (doc) => chunkDocument(doc, { countTokens, maxTokens, overlapTokens: options.overlapTokens }),
  });
}
