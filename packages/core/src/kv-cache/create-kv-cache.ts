import { FullKVCache } from './full-kv-cache.js';
import type { KVCache, KVCacheLayout } from './kv-cache.js';
import { type KVCachePolicy, validateKVCachePolicy } from './kv-cache-policy.js';
import { QuantizedKVCache } from './quantized-kv-cache.js';
import { SlidingWindowKVCache } from './sliding-window-kv-cache.js';
import { ValueNormKVCache } from './value-norm-kv-cache.js';

/**
 * An empty KV cache for one sequence under `policy` (default: keep everything in float32). Throws
 * `INVALID_OPTIONS` naming the bad field when the policy is malformed.
 */
export function createKVCache(layout: KVCacheLayout, policy: KVCachePolicy = { type: 'full' }): KVCache {
  const p = validateKVCachePolicy(policy);
  switch (p.type) {
    case 'full':
      return new FullKVCache(layout);
    case 'sliding-window':
      return new SlidingWindowKVCache(layout, p);
    case 'value-norm':
      return new ValueNormKVCache(layout, p);
    case 'quantized':
      return new QuantizedKVCache(layout, p);
  }
}
