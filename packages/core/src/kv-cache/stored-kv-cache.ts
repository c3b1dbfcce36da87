import { PocketLMError } from '../errors/pocketlm-error.js';
import type { KVAppend, KVCache, KVCacheLayout } from './kv-cache.js';
import type { TokenStore } from './token-store.js';

/**
 * The bookkeeping every policy cache shares: a `TokenStore` for keys and values, the position of each held token,
 * and optionally each token's value norm. Subclasses decide what stays through `beforeAppend` (refuse) and
 * `afterAppend` (evict with `keepTokens`); positions travel with their tokens, so eviction never renumbers them.
 * `fork` is copy-on-write: the fork shares the store's storage and the position/norm arrays until a side writes.
 */
export abstract class StoredKVCache implements KVCache {
  readonly layout: KVCacheLayout;
  protected store: TokenStore;
  private pos = new Int32Array(0);
  /** Per held token: Σ over layers and heads of the value vector's L2 norm (only when tracked). */
  private norms: Float64Array | undefined;
  /** `pos` and `norms` may be read by a fork too: copy before writing into them. */
  private metaShared = false;
  private next = 0;

  protected constructor(layout: KVCacheLayout, store: TokenStore, trackValueNorms = false) {
    this.layout = layout;
    this.store = store;
    if (trackValueNorms) this.norms = new Float64Array(0);
  }

  get length(): number {
    return this.store.length;
  }

  get nextPosition(): number {
    return this.next;
  }

  /** Bytes the held tokens take in this cache's storage (data and scales), across all layers. */
  get bytes(): number {
    return this.store.length * this.store.bytesPerToken;
  }

  /** Bytes one more token takes. */
  get bytesPerToken(): number {
    return this.store.bytesPerToken;
  }

  positions(): Int32Array {
    return this.pos.slice(0, this.length);
  }

  read(layer: number): { key: Float32Array; value: Float32Array } {
    if (!Number.isInteger(layer) || layer < 0 || layer >= this.layout.numLayers) {
      throw new PocketLMError('INVALID_OPTIONS', `KV cache layer ${layer} does not exist.`);
    }
    return this.store.read(layer);
  }

  append(entries: KVAppend): void {
    const count = entries.positions.length;
    this.checkShape(entries, count, count);
    if (count === 0) return;
    this.beforeAppend(count);
    const held = this.length;
    this.record(entries, count, 0, count, held);
    this.store.append(entries.keys, entries.values, count, 0, count);
    this.afterAppend(count);
  }

  appendPacked(entries: KVAppend): void {
    const count = entries.positions.length;
    const held = this.length;
    this.checkShape(entries, held + count, count);
    if (count === 0) return;
    this.beforeAppend(count);
    // Norms are read before the store adopts the arrays: eviction may compact them in place.
    this.record(entries, held + count, held, count, held);
    this.store.appendPacked(entries.keys, entries.values, count);
    this.afterAppend(count);
  }

  truncate(length: number): void {
    if (!Number.isInteger(length) || length < 0 || length > this.length) {
      throw new PocketLMError(
        'INVALID_OPTIONS',
        `Cannot truncate a KV cache of ${this.length} tokens to ${length}.`,
      );
    }
    this.store.truncate(length);
    this.next = length === 0 ? 0 : this.pos[length - 1] + 1;
  }

  /** O(1): shares storage with this cache until either side writes (see `TokenStore.clone`). */
  fork(): KVCache {
    const copy = this.emptyLike();
    copy.store = this.store.clone();
    copy.pos = this.pos;
    copy.norms = this.norms;
    copy.next = this.next;
    copy.metaShared = true;
    this.metaShared = true;
    return copy;
  }

  /**
   * Whether this cache and `other` (a fork of it, or what it was forked from) still share key/value storage:
   * neither has written where the other reads since the fork. For tests and memory accounting.
   */
  sharesStorageWith(other: KVCache): boolean {
    return other instanceof StoredKVCache && this.store.sharesStorageWith(other.store);
  }

  clear(): void {
    this.store.clear();
    this.pos = new Int32Array(0);
    if (this.norms) this.norms = new Float64Array(0);
    this.metaShared = false;
    this.next = 0;
  }

  /** A new, empty cache with the same layout and options, for `fork`. */
  protected abstract emptyLike(): StoredKVCache;

  /** Called before `count` tokens are stored; throw to refuse them and leave the cache unchanged. */
  protected beforeAppend(_count: number): void {}

  /** Called after `count` tokens were stored; evict here with `keepTokens`. */
  protected afterAppend(_count: number): void {}

  /** Keeps only the held tokens at `indices` (strictly increasing), in every layer, with their positions. */
  protected keepTokens(indices: Int32Array): void {
    this.store.keep(indices);
    const pos = new Int32Array(indices.length);
    for (let i = 0; i < indices.length; i++) pos[i] = this.pos[indices[i]];
    this.pos = pos;
    if (this.norms) {
      const norms = new Float64Array(indices.length);
      for (let i = 0; i < indices.length; i++) norms[i] = this.norms[indices[i]];
      this.norms = norms;
    }
    this.metaShared = false;
  }

  /** The value norm of held token `index` (0 when norms are not tracked). */
  protected valueNorm(index: number): number {
    return this.norms ? this.norms[index] : 0;
  }

  private checkShape(entries: KVAppend, tokens: number, count: number): void {
    const { numLayers, numKVHeads, headDim } = this.layout;
    if (entries.keys.length !== numLayers || entries.values.length !== numLayers) {
      throw new PocketLMError(
        'BACKEND_ERROR',
        `KV append needs ${numLayers} layers, got ${entries.keys.length}.`,
      );
    }
    const size = numKVHeads * tokens * headDim;
    for (let l = 0; l < numLayers; l++) {
      if (entries.keys[l].length !== size || entries.values[l].length !== size) {
        throw new PocketLMError(
          'BACKEND_ERROR',
          `KV append for layer ${l} must hold ${tokens} tokens (${count} new), got the wrong size.`,
        );
      }
    }
  }

  /** Stores the positions (and norms) of `count` new tokens taken from [kvHeads, srcTokens, headDim] arrays. */
  private record(entries: KVAppend, srcTokens: number, from: number, count: number, held: number): void {
    const total = held + count;
    if (total > this.pos.length || this.metaShared) {
      // Grows by doubling so per-step appends stay amortised O(1); a shared array is copied before writing.
      const cap = total > this.pos.length ? Math.max(total, 2 * this.pos.length, 16) : this.pos.length;
      const pos = new Int32Array(cap);
      pos.set(this.pos.subarray(0, held));
      this.pos = pos;
      if (this.norms) {
        const norms = new Float64Array(cap);
        norms.set(this.norms.subarray(0, held));
        this.norms = norms;
      }
      this.metaShared = false;
    }
    for (let i = 0; i < count; i++) this.pos[held + i] = entries.positions[i];
    this.next = entries.positions[count - 1] + 1;
    const norms = this.norms;
    if (!norms) return;
    const { numLayers, numKVHeads, headDim } = this.layout;
    for (let t = 0; t < count; t++) {
      let sum = 0;
      for (let l = 0; l < numLayers; l++) {
        const v = entries.values[l];
        for (let h = 0; h < numKVHeads; h++) {
          const base = (h * srcTokens + from + t) * headDim;
          let sq = 0;
          for (let d = 0; d < headDim; d++) sq += v[base + d] * v[base + d];
          sum += Math.sqrt(sq);
        }
      }
      norms[held + t] = sum;
    }
  }
}
