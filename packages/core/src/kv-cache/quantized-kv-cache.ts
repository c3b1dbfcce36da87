import type { KVCacheLayout } from './kv-cache.js';
import { StoredKVCache } from './stored-kv-cache.js';
import { createTokenStore, DEFAULT_KV_GROUP_SIZE } from './token-store.js';

/** Options of a `QuantizedKVCache`. */
export interface QuantizedKVCacheOptions {
  bits: 8 | 4;
  /** Values per scale along headDim. Default 32 (a shorter last group when headDim is not a multiple). */
  groupSize?: number;
}

/**
 * Keeps every token, with keys and values stored as int8 or int4 plus one float32 scale per group of `groupSize`
 * values (symmetric absmax). `read` dequantizes to float32 for the backend; `bytes` is the quantized size.
 * `appendPacked` quantizes only the new tokens: the held ones are already stored.
 */
export class QuantizedKVCache extends StoredKVCache {
  readonly bits: 8 | 4;
  readonly groupSize: number;

  /** Options are expected to be valid; `createKVCache` validates a policy before building one. */
  constructor(layout: KVCacheLayout, options: QuantizedKVCacheOptions) {
    const groupSize = options.groupSize ?? DEFAULT_KV_GROUP_SIZE;
    super(layout, createTokenStore(layout, options.bits === 8 ? 'int8' : 'int4', groupSize));
    this.bits = options.bits;
    this.groupSize = groupSize;
  }

  protected emptyLike(): StoredKVCache {
    return new QuantizedKVCache(this.layout, this);
  }
}
