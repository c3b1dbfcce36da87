import { PocketLMError } from '../errors/pocketlm-error.js';
import type { KVAppend, KVCache, KVCacheLayout } from './kv-cache.js';

/**
 * Keeps every token. Storage per layer is [kvHeads, capacity, headDim] and grows by doubling, so appends are
 * amortised O(new tokens); `read` packs the held tokens into a contiguous [kvHeads, length, headDim] array, or
 * returns the storage itself when it is full, which is always the case after `appendPacked`.
 */
export class FullKVCache implements KVCache {
  readonly layout: KVCacheLayout;
  private keys: Float32Array[] = [];
  private values: Float32Array[] = [];
  private pos = new Int32Array(0);
  private capacity = 0;
  private held = 0;
  private next = 0;

  constructor(layout: KVCacheLayout) {
    this.layout = layout;
  }

  get length(): number {
    return this.held;
  }

  get nextPosition(): number {
    return this.next;
  }

  get bytes(): number {
    const { numLayers, numKVHeads, headDim } = this.layout;
    return 2 * numLayers * numKVHeads * headDim * this.held * 4;
  }

  positions(): Int32Array {
    return this.pos.slice(0, this.held);
  }

  read(layer: number): { key: Float32Array; value: Float32Array } {
    return { key: this.pack(this.keys[layer]), value: this.pack(this.values[layer]) };
  }

  append(entries: KVAppend): void {
    const count = entries.positions.length;
    const { numLayers, numKVHeads, headDim } = this.layout;
    if (entries.keys.length !== numLayers || entries.values.length !== numLayers) {
      throw new PocketLMError(
        'BACKEND_ERROR',
        `KV append needs ${numLayers} layers, got ${entries.keys.length}.`,
      );
    }
    if (count === 0) return;
    this.reserve(this.held + count);
    const rowLen = count * headDim;
    for (let l = 0; l < numLayers; l++) {
      const k = entries.keys[l];
      const v = entries.values[l];
      if (k.length !== numKVHeads * rowLen || v.length !== numKVHeads * rowLen) {
        throw new PocketLMError('BACKEND_ERROR', `KV append for layer ${l} has the wrong size.`);
      }
      for (let h = 0; h < numKVHeads; h++) {
        const dst = (h * this.capacity + this.held) * headDim;
        this.keys[l].set(k.subarray(h * rowLen, (h + 1) * rowLen), dst);
        this.values[l].set(v.subarray(h * rowLen, (h + 1) * rowLen), dst);
      }
    }
    for (let i = 0; i < count; i++) this.pos[this.held + i] = entries.positions[i];
    this.held += count;
    this.next = entries.positions[count - 1] + 1;
  }

  appendPacked(entries: KVAppend): void {
    const count = entries.positions.length;
    const { numLayers, numKVHeads, headDim } = this.layout;
    const total = this.held + count;
    const size = numKVHeads * total * headDim;
    if (entries.keys.length !== numLayers || entries.values.length !== numLayers) {
      throw new PocketLMError(
        'BACKEND_ERROR',
        `KV append needs ${numLayers} layers, got ${entries.keys.length}.`,
      );
    }
    for (let l = 0; l < numLayers; l++) {
      if (entries.keys[l].length !== size || entries.values[l].length !== size) {
        throw new PocketLMError('BACKEND_ERROR', `Packed KV for layer ${l} must hold ${total} tokens.`);
      }
    }
    if (count === 0) return;
    // Adopt the arrays: capacity equals length, so the next read() is a view, not a copy.
    const pos = new Int32Array(total);
    pos.set(this.pos.subarray(0, this.held));
    for (let i = 0; i < count; i++) pos[this.held + i] = entries.positions[i];
    this.keys = entries.keys.slice();
    this.values = entries.values.slice();
    this.pos = pos;
    this.capacity = total;
    this.held = total;
    this.next = entries.positions[count - 1] + 1;
  }

  truncate(length: number): void {
    if (length < 0 || length > this.held) {
      throw new PocketLMError(
        'INVALID_OPTIONS',
        `Cannot truncate a KV cache of ${this.held} tokens to ${length}.`,
      );
    }
    this.held = length;
    this.next = length === 0 ? 0 : this.pos[length - 1] + 1;
  }

  fork(): KVCache {
    const copy = new FullKVCache(this.layout);
    copy.reserve(this.held);
    const { numKVHeads, headDim } = this.layout;
    for (let l = 0; l < this.keys.length; l++) {
      for (let h = 0; h < numKVHeads; h++) {
        const src = h * this.capacity * headDim;
        const dst = h * copy.capacity * headDim;
        copy.keys[l].set(this.keys[l].subarray(src, src + this.held * headDim), dst);
        copy.values[l].set(this.values[l].subarray(src, src + this.held * headDim), dst);
      }
    }
    copy.pos.set(this.pos.subarray(0, this.held));
    copy.held = this.held;
    copy.next = this.next;
    return copy;
  }

  clear(): void {
    this.keys = [];
    this.values = [];
    this.pos = new Int32Array(0);
    this.capacity = 0;
    this.held = 0;
    this.next = 0;
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
    const pos = new Int32Array(cap);
    pos.set(this.pos.subarray(0, this.held));
    this.pos = pos;
    this.capacity = cap;
  }
}
