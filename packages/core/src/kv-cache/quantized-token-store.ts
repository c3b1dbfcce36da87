import type { KVCacheLayout } from './kv-cache.js';
import { type RowQuantizer, rowQuantizer } from './kv-quantization.js';
import { grownCapacity, SharedSlots } from './shared-slots.js';
import { SlotTokenStore } from './slot-token-store.js';
import type { TokenStore } from './token-store.js';

/** One layer's keys or values: integer rows [kvHeads, capacity, rowBytes] and scales [kvHeads, capacity, groups]. */
interface QuantizedPlane {
  data: Uint8Array;
  scales: Float32Array;
}

/**
 * int8 or int4 token storage with per-group float32 scales. Tokens are quantized once, when appended; `read`
 * dequantizes into a fresh float32 array, so the float copy lives only as long as the caller holds it. `clone`
 * shares the planes (copy-on-write): a shared store copies before it would overwrite rows another store may hold.
 */
export class QuantizedTokenStore extends SlotTokenStore<QuantizedPlane> implements TokenStore {
  readonly layout: KVCacheLayout;
  readonly bytesPerToken: number;
  private readonly q: RowQuantizer;

  constructor(layout: KVCacheLayout, bits: 8 | 4, groupSize: number) {
    super();
    this.layout = layout;
    this.q = rowQuantizer(bits, layout.headDim, groupSize);
    const perRow = this.q.rowBytes + this.q.groups * 4;
    this.bytesPerToken = 2 * layout.numLayers * layout.numKVHeads * perRow;
  }

  read(layer: number): { key: Float32Array; value: Float32Array } {
    const { keys, values } = this.slots.planes;
    return { key: this.dequantize(keys[layer]), value: this.dequantize(values[layer]) };
  }

  append(keys: Float32Array[], values: Float32Array[], srcTokens: number, from: number, count: number): void {
    if (count === 0) return;
    const end = this.held + count;
    if (!this.slots.canAppend(this.held, end)) this.moveTo(grownCapacity(end, this.held));
    const { planes, capacity } = this.slots;
    const { numLayers, numKVHeads, headDim } = this.layout;
    const { rowBytes, groups } = this.q;
    for (let l = 0; l < numLayers; l++) {
      for (const [src, plane] of [
        [keys[l], planes.keys[l]],
        [values[l], planes.values[l]],
      ] as const) {
        for (let h = 0; h < numKVHeads; h++) {
          for (let t = 0; t < count; t++) {
            const row = h * capacity + this.held + t;
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
    this.held = end;
    this.slots.written = end;
  }

  appendPacked(keys: Float32Array[], values: Float32Array[], count: number): void {
    // The held tokens are already stored; only the new ones are quantized.
    this.append(keys, values, this.held + count, this.held, count);
  }

  keep(indices: ArrayLike<number>): void {
    const n = indices.length;
    const { numKVHeads } = this.layout;
    const { rowBytes, groups } = this.q;
    const { planes, capacity } = this.slots;
    // A sole owner compacts in place; a sharer gathers the kept rows into new planes (the same amount of copying).
    // Either way the stride stays `capacity`, so the next appends usually fit.
    const inPlace = this.slots.exclusive;
    const move = (from: QuantizedPlane): QuantizedPlane => {
      const to = inPlace ? from : this.newPlane(capacity);
      // In place: each destination row is at or before its source, and sources only increase.
      for (let h = 0; h < numKVHeads; h++) {
        for (let i = 0; i < n; i++) {
          const src = h * capacity + indices[i];
          const dst = h * capacity + i;
          if (!inPlace) {
            to.data.set(from.data.subarray(src * rowBytes, (src + 1) * rowBytes), dst * rowBytes);
            to.scales.set(from.scales.subarray(src * groups, (src + 1) * groups), dst * groups);
          } else if (src !== dst) {
            to.data.copyWithin(dst * rowBytes, src * rowBytes, (src + 1) * rowBytes);
            to.scales.copyWithin(dst * groups, src * groups, (src + 1) * groups);
          }
        }
      }
      return to;
    };
    const kept = { keys: planes.keys.map(move), values: planes.values.map(move) };
    this.held = n;
    if (inPlace) this.slots.written = n;
    else this.adopt(new SharedSlots(kept, capacity, n));
  }

  protected emptyCopy(): this {
    return new QuantizedTokenStore(this.layout, this.q.bits, this.q.groupSize) as this;
  }

  private newPlane(capacity: number): QuantizedPlane {
    const { numKVHeads } = this.layout;
    return {
      data: new Uint8Array(numKVHeads * capacity * this.q.rowBytes),
      scales: new Float32Array(numKVHeads * capacity * this.q.groups),
    };
  }

  private dequantize(plane: QuantizedPlane | undefined): Float32Array {
    const { numKVHeads, headDim } = this.layout;
    const out = new Float32Array(numKVHeads * this.held * headDim);
    if (!plane) return out;
    const { rowBytes, groups } = this.q;
    const capacity = this.slots.capacity;
    for (let h = 0; h < numKVHeads; h++) {
      for (let t = 0; t < this.held; t++) {
        const row = h * capacity + t;
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

  /** Moves the held rows to new planes of `capacity` rows per head owned by this store alone. */
  private moveTo(capacity: number): void {
    const { numLayers, numKVHeads } = this.layout;
    const { rowBytes, groups } = this.q;
    const old = this.slots;
    const move = (from: QuantizedPlane | undefined): QuantizedPlane => {
      const to = this.newPlane(capacity);
      if (from) {
        for (let h = 0; h < numKVHeads; h++) {
          const src = h * old.capacity;
          to.data.set(
            from.data.subarray(src * rowBytes, (src + this.held) * rowBytes),
            h * capacity * rowBytes,
          );
          to.scales.set(
            from.scales.subarray(src * groups, (src + this.held) * groups),
            h * capacity * groups,
          );
        }
      }
      return to;
    };
    const layers = Array.from({ length: numLayers }, (_, l) => l);
    const planes = {
      keys: layers.map((l) => move(old.planes.keys[l])),
      values: layers.map((l) => move(old.planes.values[l])),
    };
    this.adopt(new SharedSlots(planes, capacity, this.held));
  }
}
