import { Float32TokenStore } from './float32-token-store.js';
import type { KVCacheLayout } from './kv-cache.js';
import { StoredKVCache } from './stored-kv-cache.js';

/**
 * Keeps every token, in float32: the policy-free `StoredKVCache`. After `appendPacked` it holds the backend's
 * packed arrays themselves, so the next `read` is a view, not a copy.
 */
export class FullKVCache extends StoredKVCache {
  constructor(layout: KVCacheLayout) {
    super(layout, new Float32TokenStore(layout));
  }

  protected emptyLike(): StoredKVCache {
    return new FullKVCache(this.layout);
  }
}
