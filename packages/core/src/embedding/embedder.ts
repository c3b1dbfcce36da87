/**
 * How token states become one vector: `mean` averages every token's final state (special tokens included, as
 * sentence-transformers does); `cls` takes the first token's (BERT's `[CLS]`, as BGE models are trained).
 */
export type EmbeddingPooling = 'mean' | 'cls';

export interface EmbedOptions {
  signal?: AbortSignal;
}

/** What an embedder runs, for logs, UIs and vector stores. */
export interface EmbedderInfo {
  /** The model's identity: its directory or `hub:org/name@revision`. */
  model: string;
  backend: string;
  /** Length of every vector `embed` returns. */
  dimensions: number;
  /** Tokens of each text the model reads (special tokens included); longer texts are cut. Undefined: no limit. */
  maxLength: number | undefined;
  pooling: EmbeddingPooling;
  /** Whether vectors are scaled to unit length (so a dot product is the cosine similarity). */
  normalize: boolean;
}

/**
 * Text embeddings from an encoder model (BERT / MiniLM / BGE shape), on any backend that can load one. Create it
 * with `createEmbedder`.
 */
export interface Embedder {
  readonly info: EmbedderInfo;
  /**
   * One vector per text, in order. Texts are tokenized with the model's special tokens (`[CLS] … [SEP]`), cut to
   * `info.maxLength` tokens (keeping the closing special tokens), and batched by length.
   *
   * @throws PocketLMError `INVALID_OPTIONS` (a non-string, or a text that encodes to no tokens), `ABORTED`,
   *   `DISPOSED`, `INVALID_MODEL` (states that do not match the model's width), `BACKEND_ERROR`.
   */
  embed(input: string | readonly string[], options?: EmbedOptions): Promise<Float32Array[]>;
  /** Tokens `text` takes in this model's tokenizer, without special tokens: what chunkers budget by. */
  countTokens(text: string): number;
  /** Frees the model once running work has finished; later calls reject with `DISPOSED`. */
  dispose(): Promise<void>;
}
