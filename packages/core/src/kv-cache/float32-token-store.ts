import type { KVCacheLayout } from './kv-cache.js';
import type { TokenStore } from './token-store.js';

/**
 * Float32 token storage, per layer [kvHeads, capacity, headDim]. `appendPacked` adopts the caller's arrays and
 * `keep` compacts in place to a tight layout, so on the ONNX path (read, run, adopt `present`, evict) `read` is a
 * view and each step copies the held tokens only once, inside `keep`.
 */
export class Float32TokenStore implements TokenStore {
  readonly layout: KVCacheLayout;
  readonly bytesPerToken: number;
  private keys: Float32Array[] = [];
  private values: Float32Array[] = [];
  private capacity = 0;
  private held = 0;

  constructor(layout: KVCacheLayout) {
    this.layout = layout;
    this.bytesPerToken = 2 * layout.numLayers * layout.numKVHeads * layout.headDim * 4;
  }

  get length(): number {
    return this.held;
  }

  read(layer: number): { key: Float32Array; value: Float32Array } {
    return { key: this.pack(this.keys[layer]), value: this.pack(this.values[layer]) };
  }

  append(keys: Float32Array[], values: Float32Array[], srcTokens: number, from: number, count: number): void {
    if (count === 0) return;
    this.reserve(this.held + count);
    const { numLayers, numKVHeads, headDim } = this.layout;
    for (let l = 0; l < numLayers; l++) {
      for (let h = 0; h < numKVHeads; h++) {
        const src = (h * srcTokens + from) * headDim;
        const dst = (h * this.capacity + this.held) * headDim;
        this.keys[l].set(keys[l].subarray(src, src + count * headDim), dst);
        this.values[l].set(values[l].subarray(src, src + count * headDim), dst);
      }
    }
    this.held += count;
  }

  appendPacked(keys: Float32Array[], values: Float32Array[], count: number): void {
    if (count === 0) return;
    this.keys = keys.slice();
    this.values = values.slice();
    this.held += count;
    this.capacity = this.held;
  }

  keep(indices: ArrayLike<number>): void {
    const n = indices.length;
    const { numKVHeads, headDim } = this.layout;
    // Moving to the tight layout [kvHeads, n, headDim] in increasing order never overwrites a source not yet
    // read: each destination offset is at most its source offset, and sources only increase.
    for (let l = 0; l < this.keys.length; l++) {
      for (const buf of [this.keys[l], this.values[l]]) {
        for (let h = 0; h < numKVHeads; h++) {
          for (let i = 0; i < n; i++) {
            const src = (h * this.capacity + indices[i]) * headDim;
            const dst = (h * n + i) * headDim;
            if (src !== dst) buf.copyWithin(dst, src, src + headDim);
          }
        }
      }
    }
    this.held = n;
    this.capacity = n;
    // The tight data is a prefix of each buffer; a view keeps `read` copy-free.
    const size = numKVHeads * n * headDim;
    this.keys = this.keys.map((k) => k.subarray(0, size));
    this.values = this.values.map((v) => v.subarray(0, size));
  }

  truncate(length: number): void {
    this.held = length;
  }

  clone(): TokenStore {
    const copy = new Float32TokenStore(this.layout);
    copy.keys = this.keys.map((k) => this.pack(k).slice());
    copy.values = this.values.map((v) => this.pack(v).slice());
    copy.held = this.held;
    copy.capacity = this.held;
    return copy;
  }

  clear(): void {
    this.keys = [];
    this.values = [];
    this.capacity = 0;
    this.held = 0;
  }

  private pack(buf: Float32Array | undefined): Float32Array {
    const { numKVHeads, headDim } = this.layout;
    if (!buf || this.held === 0) return new Float32Array(0);
    if (this.held === this.capacity) return buf;
    const out = new Float32Array(numKVHeads * this.held * headDim);
    for (let h = 0; h < numKVHeads; h++) {
      const src = h * this.capacity * headDim;
      out.set(buf.subarray(src, src + this.held * headDim), h * this.held * headDim);
    }
    return out;
  }

  private reserve(tokens: number): void {
    if (tokens <= this.capacity) return;
    const cap = Math.max(tokens, Math.max(16, this.capacity * 2));
    const { numLayers, numKVHeads, headDim } = this.layout;
    const grow = (old: Float32Array | undefined): Float32Array => {
      const out = new Float32Array(numKVHeads * cap * headDim);
      if (old) {
        for (let h = 0; h < numKVHeads; h++) {
          const src = h * this.capacity * headDim;
          out.set(old.subarray(src, src + this.held * headDim), h * cap * headDim);
        }
      }
      return out;
    };
    for (let l = 0; l < numLayers; l++) {
      this.keys[l] = grow(this.keys[l]);
      this.values[l] = grow(this.values[l]);
    }
    this.capacity = cap;
  }
}
