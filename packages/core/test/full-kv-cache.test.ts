import { describe, expect, it } from 'vitest';
import { PocketLMError } from '../src/errors/pocketlm-error.js';
import { FullKVCache } from '../src/kv-cache/full-kv-cache.js';

const layout = { numLayers: 2, numKVHeads: 2, headDim: 3 };

/** Entries whose values encode (layer, head, position, dim), so any misplaced copy shows. */
function entries(positions: number[]) {
  const make = (layer: number, kind: number) => {
    const out = new Float32Array(layout.numKVHeads * positions.length * layout.headDim);
    for (let h = 0; h < layout.numKVHeads; h++)
      for (let t = 0; t < positions.length; t++)
        for (let d = 0; d < layout.headDim; d++)
          out[(h * positions.length + t) * layout.headDim + d] =
            kind * 10000 + layer * 1000 + h * 100 + positions[t] * 10 + d;
    return out;
  };
  return {
    positions,
    keys: [0, 1].map((l) => make(l, 1)),
    values: [0, 1].map((l) => make(l, 2)),
  };
}

describe('FullKVCache', () => {
  it('appends across growth and reads back [kvHeads, tokens, headDim]', () => {
    const cache = new FullKVCache(layout);
    const all = Array.from({ length: 40 }, (_, i) => i);
    cache.append(entries(all.slice(0, 5)));
    for (let i = 5; i < 40; i++) cache.append(entries([i]));
    expect(cache.length).toBe(40);
    expect(cache.nextPosition).toBe(40);
    expect(cache.read(1).key).toEqual(entries(all).keys[1]);
    expect(cache.read(0).value).toEqual(entries(all).values[0]);
    expect(Array.from(cache.positions())).toEqual(all);
    expect(cache.bytes).toBe(2 * 2 * 2 * 3 * 40 * 4);
  });

  it('truncates for rollback and continues at the right position', () => {
    const cache = new FullKVCache(layout);
    cache.append(entries([0, 1, 2, 3]));
    cache.truncate(2);
    expect(cache.nextPosition).toBe(2);
    cache.append(entries([2]));
    expect(cache.read(0).key).toEqual(entries([0, 1, 2]).keys[0]);
    expect(() => cache.truncate(9)).toThrow(PocketLMError);
  });

  it('forks an independent copy', () => {
    const cache = new FullKVCache(layout);
    cache.append(entries([0, 1, 2]));
    const fork = cache.fork();
    fork.append(entries([3]));
    cache.truncate(1);
    expect(fork.length).toBe(4);
    expect(fork.read(1).value).toEqual(entries([0, 1, 2, 3]).values[1]);
    expect(cache.read(1).value).toEqual(entries([0]).values[1]);
  });

  it('adopts packed arrays (held + new) without copying, and keeps working with plain appends after', () => {
    const cache = new FullKVCache(layout);
    cache.append(entries([0, 1]));
    const packed = entries([0, 1, 2]);
    cache.appendPacked({ positions: [2], keys: packed.keys, values: packed.values });
    expect(cache.length).toBe(3);
    expect(cache.nextPosition).toBe(3);
    expect(cache.read(1).key).toBe(packed.keys[1]); // a view: no copy per step
    cache.append(entries([3]));
    expect(cache.read(0).value).toEqual(entries([0, 1, 2, 3]).values[0]);
    expect(Array.from(cache.positions())).toEqual([0, 1, 2, 3]);
    expect(() => cache.appendPacked({ positions: [4], keys: packed.keys, values: packed.values })).toThrow(
      /5 tokens/,
    );
    expect(cache.length).toBe(4);
  });

  it('rejects appends of the wrong shape', () => {
    const cache = new FullKVCache(layout);
    const bad = entries([0, 1]);
    bad.keys[1] = new Float32Array(3);
    expect(() => cache.append(bad)).toThrow(/layer 1/);
    expect(() => cache.append({ ...entries([0]), keys: [new Float32Array(6)] })).toThrow(/2 layers/);
    expect(cache.length).toBe(0);
  });

  it('frees storage on clear', () => {
    const cache = new FullKVCache(layout);
    cache.append(entries([0, 1]));
    cache.clear();
    expect(cache.length).toBe(0);
    expect(cache.bytes).toBe(0);
  });
});
