import { Float32TokenStore } from './float32-token-store.js';
import type { KVCacheLayout } from './kv-cache.js';
import { QuantizedTokenStore } from './quantized-token-store.js';

/** How a policy cache stores keys and values: plain float32, or int8/int4 with per-group scales. */
export type KVStorage = 'f32' | 'int8' | 'int4';

/**
 * Packed per-layer key/value storage for the policy caches: tokens only, no positions. Every layer holds the same
 * tokens in the same order, so `keep` applies one token set to all layers (one attention mask serves them all).
 */
export interface TokenStore {
  readonly layout: KVCacheLayout;
  /** Tokens held. */
  readonly length: number;
  /** Bytes one token takes across all layers, keys and values (data plus any scales). */
  readonly bytesPerToken: number;
  /** Keys and values of one layer as float32 [kvHeads, length, headDim]; may be a view of the storage. */
  read(layer: number): { key: Float32Array; value: Float32Array };
  /** Appends `count` tokens taken from per-layer arrays laid out [kvHeads, srcTokens, headDim], from token `from`. */
  append(keys: Float32Array[], values: Float32Array[], srcTokens: number, from: number, count: number): void;
  /**
   * Appends the last `count` tokens of per-layer arrays that hold `length + count` tokens (held, then new). A store
   * may adopt the arrays as its storage instead of copying.
   */
  appendPacked(keys: Float32Array[], values: Float32Array[], count: number): void;
  /** Keeps only the tokens at `indices` (strictly increasing), in that order. */
  keep(indices: ArrayLike<number>): void;
  /** Keeps only the first `length` tokens. */
  truncate(length: number): void;
  /**
   * A store holding the same tokens that behaves as an independent copy. It shares the storage (copy-on-write):
   * O(1) now, and whichever side later writes where the other may read copies what it holds first.
   */
  clone(): TokenStore;
  /** Whether this store and `other` still read the same storage (a clone neither side has written since). */
  sharesStorageWith(other: TokenStore): boolean;
  /** Frees the storage. */
  clear(): void;
}

/** Group size along headDim for quantized storage unless a policy sets one. */
export const DEFAULT_KV_GROUP_SIZE = 32;

/** A token store for the given storage kind. */
export function createTokenStore(
  layout: KVCacheLayout,
  storage: KVStorage = 'f32',
  groupSize = DEFAULT_KV_GROUP_SIZE,
): TokenStore {
  if (storage === 'f32') return new Float32TokenStore(layout);
  return new QuantizedTokenStore(layout, storage === 'int8' ? 8 : 4, groupSize);
}
