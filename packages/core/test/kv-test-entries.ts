import { expect } from 'vitest';
import type { KVAppend, KVCache, KVCacheLayout } from '../src/kv-cache/kv-cache.js';

export const layout: KVCacheLayout = { numLayers: 2, numKVHeads: 2, headDim: 3 };

/**
 * Entries whose values encode (kind, layer, head, position, dim), so any misplaced copy shows. With `weight`,
 * values are weight(position) × a (layer, head, dim) pattern instead, which sets each token's value norm.
 */
export function entries(
  positions: number[],
  weight?: (position: number) => number,
  shape: KVCacheLayout = layout,
): KVAppend & { keys: Float32Array[]; values: Float32Array[] } {
  const { numLayers, numKVHeads, headDim } = shape;
  const make = (layer: number, kind: number) => {
    const out = new Float32Array(numKVHeads * positions.length * headDim);
    for (let h = 0; h < numKVHeads; h++)
      for (let t = 0; t < positions.length; t++)
        for (let d = 0; d < headDim; d++)
          out[(h * positions.length + t) * headDim + d] =
            kind === 2 && weight
              ? weight(positions[t]) * (layer + 1) * (h + 1) * (d + 1)
              : kind * 1e6 + layer * 1e5 + h * 1e4 + positions[t] * 10 + d;
    return out;
  };
  return {
    positions,
    keys: Array.from({ length: numLayers }, (_, l) => make(l, 1)),
    values: Array.from({ length: numLayers }, (_, l) => make(l, 2)),
  };
}

/** What the ONNX runner hands back: every held entry as `read` returned it, then the new ones (`present`). */
export function packed(cache: KVCache, next: KVAppend): KVAppend {
  const { numLayers, numKVHeads, headDim } = cache.layout;
  const held = cache.length;
  const count = next.positions.length;
  const join = (old: Float32Array, add: Float32Array) => {
    const out = new Float32Array(numKVHeads * (held + count) * headDim);
    for (let h = 0; h < numKVHeads; h++) {
      out.set(old.subarray(h * held * headDim, (h + 1) * held * headDim), h * (held + count) * headDim);
      out.set(
        add.subarray(h * count * headDim, (h + 1) * count * headDim),
        (h * (held + count) + held) * headDim,
      );
    }
    return out;
  };
  const keys: Float32Array[] = [];
  const values: Float32Array[] = [];
  for (let l = 0; l < numLayers; l++) {
    const { key, value } = cache.read(l);
    keys.push(join(key, next.keys[l]));
    values.push(join(value, next.values[l]));
  }
  return { positions: next.positions, keys, values };
}

/** Positions from..to-1. */
export function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
}

/** Expects every layer of `cache` to hold exactly the entries of `positions`, in order. */
export function expectHolds(
  cache: KVCache,
  positions: number[],
  weight?: (position: number) => number,
): void {
  expect(Array.from(cache.positions())).toEqual(positions);
  const want = entries(positions, weight, cache.layout);
  for (let l = 0; l < cache.layout.numLayers; l++) {
    expect(cache.read(l).key).toEqual(want.keys[l]);
    expect(cache.read(l).value).toEqual(want.values[l]);
  }
}
