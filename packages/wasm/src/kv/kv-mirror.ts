import type { KVCacheLayout } from '@pocketlm/core';
import type { WasmHeap } from '../memory/wasm-heap.js';

/**
 * One cache's keys and values copied into the kernels' memory, per layer [kvHeads, capacity, headDim] for keys
 * then values, with the positions of the `length` tokens it holds. Attention reads it in place; new tokens are
 * written into it by the forward pass, so decoding copies only the new token, not the whole cache.
 */
export class KVMirror {
  length = 0;
  positions = new Int32Array(0);
  capacity = 0;
  base = 0;

  constructor(
    private readonly heap: WasmHeap,
    readonly layout: KVCacheLayout,
  ) {}

  /** Bytes of one layer's key (or value) region. */
  private get regionBytes(): number {
    return this.layout.numKVHeads * this.capacity * this.layout.headDim * 4;
  }

  /** Bytes the mirror holds in memory. */
  get bytes(): number {
    return this.regionBytes * 2 * this.layout.numLayers;
  }

  keys(layer: number): number {
    return this.base + 2 * layer * this.regionBytes;
  }

  values(layer: number): number {
    return this.base + (2 * layer + 1) * this.regionBytes;
  }

  /** Grows to hold at least `tokens`, keeping the `length` held ones (geometric growth, one copy per doubling). */
  reserve(tokens: number): void {
    if (tokens <= this.capacity) return;
    const { numLayers, numKVHeads, headDim } = this.layout;
    const capacity = Math.max(tokens, this.capacity * 2, 16);
    const base = this.heap.alloc(2 * numLayers * numKVHeads * capacity * headDim * 4);
    if (this.capacity > 0) {
      const floats = new Float32Array(this.heap.memory.buffer);
      const rows = this.length * headDim;
      for (let region = 0; region < 2 * numLayers; region++) {
        for (let h = 0; h < numKVHeads; h++) {
          const from = (this.base + (region * numKVHeads + h) * this.capacity * headDim * 4) / 4;
          const to = (base + (region * numKVHeads + h) * capacity * headDim * 4) / 4;
          floats.copyWithin(to, from, from + rows);
        }
      }
      this.heap.release(this.base);
    }
    this.base = base;
    this.capacity = capacity;
  }

  /** Frees the memory. */
  release(): void {
    if (this.capacity > 0) this.heap.release(this.base);
    this.capacity = 0;
    this.length = 0;
    this.positions = new Int32Array(0);
  }

  /** Overwrites the contents with a cache's layers ([kvHeads, length, headDim] each), keeping room for `extra`. */
  load(
    read: (layer: number) => { key: Float32Array; value: Float32Array },
    positions: Int32Array,
    extra: number,
  ): void {
    const { numLayers, numKVHeads, headDim } = this.layout;
    const length = positions.length;
    this.length = 0;
    this.reserve(length + extra);
    const floats = new Float32Array(this.heap.memory.buffer);
    for (let layer = 0; layer < numLayers; layer++) {
      const { key, value } = read(layer);
      for (let h = 0; h < numKVHeads; h++) {
        const slice = (source: Float32Array) =>
          source.subarray(h * length * headDim, (h + 1) * length * headDim);
        floats.set(slice(key), (this.keys(layer) + h * this.capacity * headDim * 4) / 4);
        floats.set(slice(value), (this.values(layer) + h * this.capacity * headDim * 4) / 4);
      }
    }
    this.length = length;
    this.positions = positions.slice();
  }

  /**
   * Keeps only the held tokens at `indices` (increasing), moving each run of consecutive entries down in one
   * copy: what a policy that evicted tokens (sliding window, value-norm cap) left in the cache.
   */
  compact(indices: Int32Array): void {
    const { numLayers, numKVHeads, headDim } = this.layout;
    const floats = new Float32Array(this.heap.memory.buffer);
    let i = 0;
    while (i < indices.length) {
      let run = 1;
      while (i + run < indices.length && indices[i + run] === indices[i] + run) run++;
      if (indices[i] !== i) {
        for (let region = 0; region < 2 * numLayers; region++) {
          for (let h = 0; h < numKVHeads; h++) {
            const head = this.base / 4 + (region * numKVHeads + h) * this.capacity * headDim;
            floats.copyWithin(
              head + i * headDim,
              head + indices[i] * headDim,
              head + (indices[i] + run) * headDim,
            );
          }
        }
      }
      i += run;
    }
    const positions = new Int32Array(indices.length);
    for (let j = 0; j < indices.length; j++) positions[j] = this.positions[indices[j]];
    this.positions = positions;
    this.length = indices.length;
  }

  /** Records `positions` of tokens the forward pass wrote at index `length` onwards. */
  appended(positions: ArrayLike<number>): void {
    const next = new Int32Array(this.length + positions.length);
    next.set(this.positions.subarray(0, this.length));
    for (let i = 0; i < positions.length; i++) next[this.length + i] = positions[i];
    this.positions = next;
    this.length = next.length;
  }
}
