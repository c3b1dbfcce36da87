import type { KVCacheLayout } from './kv-cache.js';
import { StoredKVCache } from './stored-kv-cache.js';
import { createTokenStore, DEFAULT_KV_GROUP_SIZE, type KVStorage } from './token-store.js';

/** Options of a `SlidingWindowKVCache`. */
export interface SlidingWindowKVCacheOptions {
  /** Most recent tokens kept (besides the sinks). */
  window: number;
  /** First tokens kept for good (attention sinks, as in StreamingLLM). Default 4. */
  sinks?: number;
  /** How keys and values are stored. Default `'f32'`. */
  storage?: KVStorage;
  /** Group size along headDim for quantized storage. Default 32. */
  groupSize?: number;
}

/** Attention sinks a sliding window keeps unless told otherwise. */
export const DEFAULT_SINK_TOKENS = 4;

/**
 * Keeps the first `sinks` tokens and the most recent `window` tokens. After each append the oldest tokens between
 * them are dropped; the kept ones keep their positions, so `positions()` has a gap and `nextPosition` keeps
 * counting (RoPE positions continue, they are never renumbered). Holds at most `sinks + window` tokens between
 * calls; one append may briefly hold more while the runner computes it.
 */
export class SlidingWindowKVCache extends StoredKVCache {
  readonly window: number;
  readonly sinks: number;
  readonly storage: KVStorage;
  readonly groupSize: number;

  /** Options are expected to be valid; `createKVCache` validates a policy before building one. */
  constructor(layout: KVCacheLayout, options: SlidingWindowKVCacheOptions) {
    const storage = options.storage ?? 'f32';
    const groupSize = options.groupSize ?? DEFAULT_KV_GROUP_SIZE;
    super(layout, createTokenStore(layout, storage, groupSize));
    this.window = options.window;
    this.sinks = options.sinks ?? DEFAULT_SINK_TOKENS;
    this.storage = storage;
    this.groupSize = groupSize;
  }

  protected emptyLike(): StoredKVCache {
    return new SlidingWindowKVCache(this.layout, this);
  }

  protected override afterAppend(): void {
    const n = this.length;
    if (n <= this.sinks + this.window) return;
    const keep = new Int32Array(this.sinks + this.window);
    for (let i = 0; i < this.sinks; i++) keep[i] = i;
    for (let i = 0; i < this.window; i++) keep[this.sinks + i] = n - this.window + i;
    this.keepTokens(keep);
  }
}
