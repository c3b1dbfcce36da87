export type { Citation } from './answer/citations.js';
export { type CreateRagOptions, createRag } from './answer/create-rag.js';
export type { IndexProgress, IndexReport } from './answer/index-documents.js';
export { formatChunk, type PackedContext, packContext } from './answer/pack-context.js';
export { type AnswerOptions, Rag, type RagOptions, type RetrieveOptions } from './answer/rag.js';
export type { RagEmbedder } from './answer/rag-embedder.js';
export type {
  CitationEvent,
  RagEvent,
  RagFinishEvent,
  RagTextDeltaEvent,
  RetrievalEvent,
} from './answer/rag-events.js';
export { type ChunkableDocument, chunkDocument } from './chunking/chunk-document.js';
export { type ChunkOptions, DEFAULT_MAX_TOKENS, DEFAULT_OVERLAP_TOKENS } from './chunking/chunk-options.js';
export type { Chunk, RagDocument, RetrievedChunk } from './document.js';
export { type DocumentKind, detectKind, loadBytes } from './loaders/load-bytes.js';
export { type LoadFailureReason, loadFailureReason } from './loaders/load-error.js';
export { type LoadFileOptions, loadFile } from './loaders/load-file.js';
export {
  type LoadFolderOptions,
  type LoadFolderProgress,
  type LoadFolderResult,
  loadFolder,
  type PathFilter,
  type SkippedFile,
} from './loaders/load-folder.js';
export { loadHtml } from './loaders/load-html.js';
export { loadMarkdown } from './loaders/load-markdown.js';
export { loadPdf } from './loaders/load-pdf.js';
export { loadText } from './loaders/load-text.js';
export type { DocumentPage, DocumentSection, LoadedDocument } from './loaders/loaded-document.js';
export type { LoaderInput } from './loaders/to-bytes.js';
export { type ExactHit, exactVectorSearch } from './retrieval/exact-vector-search.js';
export { type HybridSearchOptions, hybridSearch } from './retrieval/hybrid-search.js';
export { recallAtK } from './retrieval/recall-at-k.js';
export { type FusedItem, reciprocalRankFusion } from './retrieval/reciprocal-rank-fusion.js';
export {
  createEmbeddedStore,
  DEFAULT_STORE_KEY,
  type EmbeddedStoreOptions,
  type EmbeddedVectorStore,
  openEmbeddedStore,
} from './store/embedded-store.js';
export { createFileStorage } from './store/file-storage.js';
export { FlatVectorIndex, type VectorHit } from './store/flat-vector-index.js';
export { createIndexedDbStorage, type IndexedDbStorageOptions } from './store/indexeddb-storage.js';
export { STORE_FORMAT_VERSION } from './store/store-format.js';
export type { StoreStorage } from './store/store-storage.js';
export type { ChunkFilter, StoreHit, VectorStore } from './store/vector-store.js';
