/** The shape of one model's KV cache: per layer, keys and values laid out [kvHeads, tokens, headDim]. */
export interface KVCacheLayout {
  numLayers: number;
  numKVHeads: number;
  headDim: number;
}

/** New entries for every layer, each laid out [kvHeads, count, headDim]. */
export interface KVAppend {
  /** RoPE positions of the appended tokens, in order. */
  positions: ArrayLike<number>;
  keys: Float32Array[];
  values: Float32Array[];
}

/**
 * Per-sequence key/value storage. The runner reads it and appends to it; the core's policies decide what stays.
 * Positions are kept with the entries, so a policy that drops tokens never shifts a RoPE position.
 */
export interface KVCache {
  readonly layout: KVCacheLayout;
  /** Tokens held now. */
  readonly length: number;
  /** The position each held token was computed at, in order. */
  positions(): Int32Array;
  /** The position the next appended token takes (one past the last position ever appended). */
  readonly nextPosition: number;
  /** Keys and values of one layer packed as [kvHeads, length, headDim]. The arrays may be views: copy to keep. */
  read(layer: number): { key: Float32Array; value: Float32Array };
  append(entries: KVAppend): void;
  /**
   * Appends tokens given arrays that already hold every entry, the held ones followed by the new ones, packed
   * [kvHeads, length + count, headDim]: what ONNX graphs return as `present`. A cache may keep these arrays as its
   * storage (the caller must not write to them afterwards), which saves copying the whole cache every step.
   */
  appendPacked(entries: KVAppend): void;
  /** Keeps only the first `length` tokens (speculative rollback, chat history edits). */
  truncate(length: number): void;
  /** An independent copy that starts with the same entries (prefix sharing). */
  fork(): KVCache;
  /** Bytes held for keys and values. */
  readonly bytes: number;
  /** Bytes one more token takes (absent: unknown, and memory budgets use the engine's estimate). */
  readonly bytesPerToken?: number;
  /** The most bytes this cache ever holds, for a policy with a cap (absent: it grows with the sequence). */
  readonly maxHeldBytes?: number;
  /**
   * Most tokens one append may add now, for a cache with a hard cap (absent: no limit). Schedulers size prefill
   * chunks and drafts to fit it, so a long prompt streams through a capped cache instead of being refused.
   */
  readonly appendLimit?: number;
  /** Frees the storage; the cache is empty afterwards. */
  clear(): void;
}
