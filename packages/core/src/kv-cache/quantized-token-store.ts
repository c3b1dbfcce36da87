import type { KVCacheLayout } from './kv-cache.js';
import { type RowQuantizer, rowQuantizer } from './kv-quantization.js';
import type { TokenStore } from './token-store.js';

/** One layer's keys or values: integer rows [kvHeads, capacity, rowBytes] and scales [kvHeads, capacity, groups]. */
interface QuantizedPlane {
  data: Uint8Array;
  scales: Float32Array;
}

/**
 * int8 or int4 token storage with per-group float32 scales. Tokens are quantized once, when appended; `read`
 * dequantizes into a fresh float32 array, so the float copy lives only as long as the caller holds it.
 */
export class QuantizedTokenStore implements TokenStore {
  readonly layout: KVCacheLayout;
  readonly bytesPerToken: number;
  private readonly q: RowQuantizer;
  private keys: QuantizedPlane[] = [];
  private values: QuantizedPlane[] = [];
  private capacity = 0;
  private held = 0;

  constructor(layout: KVCacheLayout, bits: 8 | 4, groupSize: number) {
    this.layout = layout;
    this.q = rowQuantizer(bits, layout.headDim, groupSize);
    const perRow = this.q.rowBytes + this.q.groups * 4;
    this.bytesPerToken = 2 * layout.numLayers * layout.numKVHeads * perRow;
  }

  get length(): number {
    return this.held;
  }

  read(layer: number): { key: Float32Array; value: Float32Array } {
    return { key: this.dequantize(this.keys[layer]), value: this.dequantize(this.values[layer]) };
  }

  append(keys: Float32Array[], values: Float32Array[], srcTokens: number, from: number, count: number): void {
    if (count === 0) return;
    this.reserve(this.held + count);
    const { numLayers, numKVHeads, headDim } = this.layout;
    const { rowBytes, groups } = this.q;
    for (let l = 0; l < numLayers; l++) {
      for (const [src, plane] of [
        [keys[l], this.keys[l]],
        [values[l], this.values[l]],
      ] as const) {
        for (let h = 0; h < numKVHeads; h++) {
          for (let t = 0; t < count; t++) {
            const row = h * this.capacity + this.held + t;
            this.q.quantize(
              src,
              (h * srcTokens + from + t) * headDim,
              plane.data,
              row * rowBytes,
              plane.scales,
              row * groups,
            );
          }
        }
      }
    }
    this.held += count;
  }

  appendPacked(keys: Float32Array[], values: Float32Array[], count: number): void {
    // The held tokens are already stored; only the new ones are quantized.
    this.append(keys, values, this.held + count, this.held, count);
  }

  keep(indices: ArrayLike<number>): void {
    const n = indices.length;
    const { numKVHeads } = this.layout;
    const { rowBytes, groups } = this.q;
    // In place with the same stride: each destination row is at or before its source, sources only increase.
    for (const plane of [...this.keys, ...this.values]) {
      for (let h = 0; h < numKVHeads; h++) {
        for (let i = 0; i < n; i++) {
          const src = h * this.capacity + indices[i];
          const dst = h * this.capacity + i;
          if (src === dst) continue;
          plane.data.copyWithin(dst * rowBytes, src * rowBytes, (src + 1) * rowBytes);
          plane.scales.copyWithin(dst * groups, src * groups, (src + 1) * groups);
        }
      }
    }
    this.held = n;
  }

  truncate(length: number): void {
    this.held = length;
  }

  clone(): TokenStore {
    const copy = new QuantizedTokenStore(this.layout, this.q.bits, this.q.groupSize);
    copy.keys = this.keys.map((p) => this.copyPlane(p));
    copy.values = this.values.map((p) => this.copyPlane(p));
    copy.capacity = this.capacity;
    copy.held = this.held;
    return copy;
  }

  clear(): void {
    this.keys = [];
    this.values = [];
    this.capacity = 0;
    this.held = 0;
  }

  private copyPlane(p: QuantizedPlane): QuantizedPlane {
    return { data: p.data.slice(), scales: p.scales.slice() };
  }

  private dequantize(plane: QuantizedPlane | undefined): Float32Array {
    const { numKVHeads, headDim } = this.layout;
    const out = new Float32Array(numKVHeads * this.held * headDim);
    if (!plane) return out;
    const { rowBytes, groups } = this.q;
    for (let h = 0; h < numKVHeads; h++) {
      for (let t = 0; t < this.held; t++) {
        const row = h * this.capacity + t;
        this.q.dequantize(
          plane.data,
          row * rowBytes,
          plane.scales,
          row * groups,
          out,
          (h * this.held + t) * headDim,
        );
      }
    }
    return out;
  }

  private reserve(tokens: number): void {
    if (tokens <= this.capacity) return;
    const cap = Math.max(tokens, Math.max(16, this.capacity * 2));
    const { numLayers, numKVHeads } = this.layout;
    const { rowBytes, groups } = this.q;
    const grow = (old: QuantizedPlane | undefined): QuantizedPlane => {
      const next = {
        data: new Uint8Array(numKVHeads * cap * rowBytes),
        scales: new Float32Array(numKVHeads * cap * groups),
      };
      if (old) {
        for (let h = 0; h < numKVHeads; h++) {
          const src = h * this.capacity;
          next.data.set(old.data.subarray(src * rowBytes, (src + this.held) * rowBytes), h * cap * rowBytes);
          next.scales.set(old.scales.subarray(src * groups, (src + this.held) * groups), h * cap * groups);
        }
      }
      return next;
    };
    for (let l = 0; l < numLayers; l++) {
      this.keys[l] = grow(this.keys[l]);
      this.values[l] = grow(this.values[l]);
    }
    this.capacity = cap;
  }
}
