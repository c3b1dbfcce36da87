import type { KVCacheLayout } from './kv-cache.js';
import { grownCapacity, SharedSlots } from './shared-slots.js';
import { SlotTokenStore } from './slot-token-store.js';
import type { TokenStore } from './token-store.js';

/**
 * Float32 token storage, per layer [kvHeads, capacity, headDim]. `appendPacked` adopts the caller's arrays and
 * `keep` compacts in place to a tight layout, so on the ONNX path (read, run, adopt `present`, evict) `read` is a
 * view and each step copies the held tokens only once, inside `keep`. `clone` shares the arrays (copy-on-write):
 * a shared store copies before it would overwrite slots another store may hold.
 */
export class Float32TokenStore extends SlotTokenStore<Float32Array> implements TokenStore {
  readonly layout: KVCacheLayout;
  readonly bytesPerToken: number;

  constructor(layout: KVCacheLayout) {
    super();
    this.layout = layout;
    this.bytesPerToken = 2 * layout.numLayers * layout.numKVHeads * layout.headDim * 4;
  }

  read(layer: number): { key: Float32Array; value: Float32Array } {
    const { keys, values } = this.slots.planes;
    return { key: this.pack(keys[layer]), value: this.pack(values[layer]) };
  }

  append(keys: Float32Array[], values: Float32Array[], srcTokens: number, from: number, count: number): void {
    if (count === 0) return;
    const end = this.held + count;
    if (!this.slots.canAppend(this.held, end)) this.moveTo(grownCapacity(end, this.held));
    const { planes, capacity } = this.slots;
    const { numLayers, numKVHeads, headDim } = this.layout;
    for (let l = 0; l < numLayers; l++) {
      for (let h = 0; h < numKVHeads; h++) {
        const src = (h * srcTokens + from) * headDim;
        const dst = (h * capacity + this.held) * headDim;
        planes.keys[l].set(keys[l].subarray(src, src + count * headDim), dst);
        planes.values[l].set(values[l].subarray(src, src + count * headDim), dst);
      }
    }
    this.held = end;
    this.slots.written = end;
  }

  appendPacked(keys: Float32Array[], values: Float32Array[], count: number): void {
    if (count === 0) return;
    this.held += count;
    this.adopt(new SharedSlots({ keys: keys.slice(), values: values.slice() }, this.held, this.held));
  }

  keep(indices: ArrayLike<number>): void {
    const n = indices.length;
    const { numKVHeads, headDim } = this.layout;
    const { planes, capacity } = this.slots;
    const size = numKVHeads * n * headDim;
    // A sole owner compacts in place; a sharer gathers the kept tokens into new arrays (the same amount of copying).
    const inPlace = this.slots.exclusive;
    const move = (buf: Float32Array): Float32Array => {
      const out = inPlace ? buf : new Float32Array(size);
      // In place, moving to the tight layout [kvHeads, n, headDim] in increasing order never overwrites a source
      // not yet read: each destination offset is at most its source offset, and sources only increase.
      for (let h = 0; h < numKVHeads; h++) {
        for (let i = 0; i < n; i++) {
          const src = (h * capacity + indices[i]) * headDim;
          const dst = (h * n + i) * headDim;
          if (!inPlace) out.set(buf.subarray(src, src + headDim), dst);
          else if (src !== dst) buf.copyWithin(dst, src, src + headDim);
        }
      }
      // The tight data is a prefix of each buffer; a view keeps `read` copy-free.
      return out.subarray(0, size);
    };
    this.held = n;
    this.adopt(new SharedSlots({ keys: planes.keys.map(move), values: planes.values.map(move) }, n, n));
  }

  protected emptyCopy(): this {
    return new Float32TokenStore(this.layout) as this;
  }

  private pack(buf: Float32Array | undefined): Float32Array {
    const { numKVHeads, headDim } = this.layout;
    const capacity = this.slots.capacity;
    if (!buf || this.held === 0) return new Float32Array(0);
    if (this.held === capacity) return buf;
    const out = new Float32Array(numKVHeads * this.held * headDim);
    for (let h = 0; h < numKVHeads; h++) {
      const src = h * capacity * headDim;
      out.set(buf.subarray(src, src + this.held * headDim), h * this.held * headDim);
    }
    return out;
  }

  /** Moves the held tokens to new arrays of `capacity` slots owned by this store alone. */
  private moveTo(capacity: number): void {
    const { numKVHeads, headDim } = this.layout;
    const old = this.slots;
    const move = (buf: Float32Array | undefined): Float32Array => {
      const out = new Float32Array(numKVHeads * capacity * headDim);
      if (buf) {
        for (let h = 0; h < numKVHeads; h++) {
          const src = h * old.capacity * headDim;
          out.set(buf.subarray(src, src + this.held * headDim), h * capacity * headDim);
        }
      }
      return out;
    };
    const layers = Array.from({ length: this.layout.numLayers }, (_, l) => l);
    const planes = {
      keys: layers.map((l) => move(old.planes.keys[l])),
      values: layers.map((l) => move(old.planes.values[l])),
    };
    this.adopt(new SharedSlots(planes, capacity, this.held));
  }
}
