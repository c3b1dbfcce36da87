import { PocketLMError } from '../errors/pocketlm-error.js';
import type { KVCacheLayout } from './kv-cache.js';
import { DEFAULT_SINK_TOKENS } from './sliding-window-kv-cache.js';
import { StoredKVCache } from './stored-kv-cache.js';
import { createTokenStore, DEFAULT_KV_GROUP_SIZE, type KVStorage } from './token-store.js';

/** Options of a `ValueNormKVCache`. Byte figures count this cache's storage (quantized size when quantized). */
export interface ValueNormKVCacheOptions {
  /** Hard cap: the cache never holds more bytes than this when a call returns. */
  maxBytes: number;
  /** Compression starts when held bytes exceed this. Default `maxBytes`. */
  thresholdBytes?: number;
  /** Compression evicts down to this; set it below the threshold to compress in batches. Default `thresholdBytes`. */
  targetBytes?: number;
  /** First tokens never evicted (attention sinks). Default 4. */
  sinks?: number;
  /** Most recent tokens (held before an append) never evicted; the appended tokens are kept too. Default 16. */
  recent?: number;
  /** How keys and values are stored. Default `'f32'`. */
  storage?: KVStorage;
  /** Group size along headDim for quantized storage. Default 32. */
  groupSize?: number;
}

/** Recent tokens a value-norm cache protects unless told otherwise. */
export const DEFAULT_RECENT_TOKENS = 16;

/**
 * Value-norm eviction under a hard byte cap (InfiniPot-V's value-norm ranking). When held bytes pass
 * `thresholdBytes`, the unprotected tokens with the smallest value norm — the L2 norm of each value vector,
 * summed over every layer and head — are evicted until `targetBytes` is met. The score is one number per token,
 * so every layer keeps the same tokens: one attention mask serves all layers. Kept tokens keep their positions.
 */
export class ValueNormKVCache extends StoredKVCache {
  readonly maxBytes: number;
  readonly thresholdBytes: number;
  readonly targetBytes: number;
  readonly sinks: number;
  readonly recent: number;
  readonly storage: KVStorage;
  readonly groupSize: number;

  /** Options are expected to be valid; `createKVCache` validates a policy before building one. */
  constructor(layout: KVCacheLayout, options: ValueNormKVCacheOptions) {
    const storage = options.storage ?? 'f32';
    const groupSize = options.groupSize ?? DEFAULT_KV_GROUP_SIZE;
    super(layout, createTokenStore(layout, storage, groupSize), true);
    this.maxBytes = options.maxBytes;
    this.thresholdBytes = options.thresholdBytes ?? options.maxBytes;
    this.targetBytes = options.targetBytes ?? this.thresholdBytes;
    this.sinks = options.sinks ?? DEFAULT_SINK_TOKENS;
    this.recent = options.recent ?? DEFAULT_RECENT_TOKENS;
    this.storage = storage;
    this.groupSize = groupSize;
  }

  protected emptyLike(): StoredKVCache {
    return new ValueNormKVCache(this.layout, this);
  }

  get maxHeldBytes(): number {
    return this.maxBytes;
  }

  /** Most tokens one append can add: what the cap holds beside the protected tokens already held. */
  get appendLimit(): number {
    const protectedHeld = Math.min(this.length, this.sinks + this.recent);
    return Math.max(0, Math.floor(this.maxBytes / this.bytesPerToken) - protectedHeld);
  }

  /** Refuses an append whose protected tokens alone (sinks, recent, new) would break the cap. */
  protected override beforeAppend(count: number): void {
    const protectedHeld = Math.min(this.length, this.sinks + this.recent);
    const required = (protectedHeld + count) * this.bytesPerToken;
    if (required > this.maxBytes) {
      throw new PocketLMError(
        'MEMORY_BUDGET_EXCEEDED',
        `The KV cache cannot take ${count} new tokens under its ${this.maxBytes}-byte cap: with ${protectedHeld} ` +
          `protected tokens (sinks ${this.sinks}, recent ${this.recent}) it would need ${required} bytes ` +
          `at ${this.bytesPerToken} bytes per token.`,
        {
          details: {
            maxBytes: this.maxBytes,
            requiredBytes: required,
            bytesPerToken: this.bytesPerToken,
            newTokens: count,
            protectedTokens: protectedHeld,
            sinks: this.sinks,
            recent: this.recent,
          },
        },
      );
    }
  }

  protected override afterAppend(count: number): void {
    if (this.bytes <= this.thresholdBytes) return;
    const n = this.length;
    const sinks = Math.min(this.sinks, n);
    // The tail held before this append plus the appended tokens; `beforeAppend` made sure these fit the cap.
    const tailStart = Math.max(sinks, n - count - this.recent);
    const keepCount = Math.max(sinks + n - tailStart, Math.floor(this.targetBytes / this.bytesPerToken));
    const candidates: number[] = [];
    for (let i = sinks; i < tailStart; i++) candidates.push(i);
    // Lowest norm first; among equal norms the older token goes first.
    candidates.sort((a, b) => this.valueNorm(a) - this.valueNorm(b) || a - b);
    const evict = new Uint8Array(n);
    for (let i = 0; i < n - keepCount && i < candidates.length; i++) evict[candidates[i]] = 1;
    const keep = new Int32Array(Math.min(n, keepCount));
    let k = 0;
    for (let i = 0; i < n && k < keep.length; i++) if (!evict[i]) keep[k++] = i;
    this.keepTokens(keep);
  }
}
