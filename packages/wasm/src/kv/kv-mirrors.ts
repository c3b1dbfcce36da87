import type { KVCache, KVCacheLayout } from '@pocketlm/core';
import type { WasmHeap } from '../memory/wasm-heap.js';
import { KVMirror } from './kv-mirror.js';

/** How a mirror was brought in line with its cache, for tests and measurements. */
export type MirrorSync = 'kept' | 'truncated' | 'compacted' | 'reloaded';

/** Indices of `held` inside `mirrored` (both increasing position lists), or undefined if it is not a subsequence. */
function subsequenceIndices(
  held: Int32Array,
  mirrored: Int32Array,
  mirroredLength: number,
): Int32Array | undefined {
  const indices = new Int32Array(held.length);
  let j = 0;
  for (let i = 0; i < held.length; i++) {
    while (j < mirroredLength && mirrored[j] !== held[i]) j++;
    if (j === mirroredLength) return undefined;
    indices[i] = j++;
  }
  return indices;
}

/**
 * The runner's KV mirrors, one per cache it has seen (at most `maxMirrors`, least recently used evicted first).
 * Before every forward the cache's positions are compared with the mirror's: a prefix (truncate) shortens the
 * mirror, a subsequence (a policy evicted tokens) compacts it in place, anything else — a fork (a new cache
 * object), a cleared or rewritten cache — reloads it from `cache.read`. Only this runner's appends are assumed
 * to put into the cache what the mirror holds; a cache that stores keys and values lossily (int8/int4 KV, seen
 * from `bytesPerToken`) is therefore reloaded on every forward, so attention sees exactly what it holds.
 */
export class KVMirrors {
  private readonly mirrors = new Map<KVCache, KVMirror>();
  /** Counts of each way mirrors were synced (measurement). */
  readonly syncs: Record<MirrorSync, number> = { kept: 0, truncated: 0, compacted: 0, reloaded: 0 };

  constructor(
    private readonly heap: WasmHeap,
    private readonly layout: KVCacheLayout,
    private readonly maxMirrors: number,
  ) {}

  private exactStorage(cache: KVCache): boolean {
    const { numLayers, numKVHeads, headDim } = this.layout;
    return (
      cache.bytesPerToken === undefined || cache.bytesPerToken >= 2 * numLayers * numKVHeads * headDim * 4
    );
  }

  /** Bytes all mirrors hold. */
  get bytes(): number {
    let total = 0;
    for (const mirror of this.mirrors.values()) total += mirror.bytes;
    return total;
  }

  /**
   * The mirror of `cache`, holding exactly the cache's entries, with room for `extra` new tokens. `pinned` are
   * mirrors of the same batch, never evicted to make room.
   */
  prepare(cache: KVCache, extra: number, pinned: ReadonlySet<KVCache>): KVMirror {
    let mirror = this.mirrors.get(cache);
    this.mirrors.delete(cache);
    mirror ??= new KVMirror(this.heap, this.layout);
    this.mirrors.set(cache, mirror);
    this.evict(pinned);
    const held = cache.positions();
    this.withRoom(pinned, () => this.sync(mirror, cache, held, extra));
    return mirror;
  }

  private sync(mirror: KVMirror, cache: KVCache, held: Int32Array, extra: number): void {
    if (mirror.capacity > 0 && this.exactStorage(cache) && held.length <= mirror.length) {
      const indices = subsequenceIndices(held, mirror.positions, mirror.length);
      if (indices) {
        const prefix = indices.length === 0 || indices[indices.length - 1] === indices.length - 1;
        if (prefix) {
          this.syncs[held.length === mirror.length ? 'kept' : 'truncated']++;
          mirror.length = held.length;
          mirror.positions = mirror.positions.slice(0, held.length);
        } else {
          this.syncs.compacted++;
          mirror.compact(indices);
        }
        mirror.reserve(held.length + extra);
        return;
      }
    }
    this.syncs.reloaded++;
    mirror.load((layer) => cache.read(layer), held, extra);
  }

  /** Runs `allocate`, evicting unpinned mirrors and retrying while the memory is full. */
  private withRoom(pinned: ReadonlySet<KVCache>, allocate: () => void): void {
    for (;;) {
      try {
        allocate();
        return;
      } catch (error) {
        if (!this.evictOne(pinned)) throw error;
      }
    }
  }

  private evict(pinned: ReadonlySet<KVCache>): void {
    while (this.mirrors.size > this.maxMirrors && this.evictOne(pinned)) {}
  }

  private evictOne(pinned: ReadonlySet<KVCache>): boolean {
    for (const [cache, mirror] of this.mirrors) {
      if (pinned.has(cache)) continue;
      mirror.release();
      this.mirrors.delete(cache);
      return true;
    }
    return false;
  }

  /** Frees every mirror. */
  clear(): void {
    for (const mirror of this.mirrors.values()) mirror.release();
    this.mirrors.clear();
  }
}
