/** What RAG needs from an embedder: `createEmbedder()` from `@pocketlm/core` is one. */
export interface RagEmbedder {
  readonly info: { readonly dimensions: number; readonly maxLength?: number | undefined };
  embed(texts: string | string[], options?: { signal?: AbortSignal }): Promise<Float32Array[]>;
}
