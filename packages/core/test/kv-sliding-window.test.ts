import { describe, expect, it } from 'vitest';
import { PocketLMError } from '../src/errors/pocketlm-error.js';
import { FullKVCache } from '../src/kv-cache/full-kv-cache.js';
import { SlidingWindowKVCache } from '../src/kv-cache/sliding-window-kv-cache.js';
import { entries, expectHolds, layout, packed, range } from './kv-test-entries.js';

describe('SlidingWindowKVCache', () => {
  it('keeps the sinks and the last `window` tokens, with their own positions', () => {
    const cache = new SlidingWindowKVCache(layout, { window: 3, sinks: 2 });
    cache.append(entries(range(0, 4)));
    expectHolds(cache, [0, 1, 2, 3]);
    cache.append(entries([4]));
    expectHolds(cache, [0, 1, 2, 3, 4]);
    cache.append(entries([5]));
    // The oldest non-sink token (2) goes first; the rest keep their positions.
    expectHolds(cache, [0, 1, 3, 4, 5]);
    expect(cache.nextPosition).toBe(6);
    for (let p = 6; p < 20; p++) cache.append(entries([p]));
    expectHolds(cache, [0, 1, 17, 18, 19]);
    expect(cache.length).toBe(5);
    expect(cache.nextPosition).toBe(20);
    expect(cache.bytes).toBe(5 * 2 * 2 * 2 * 3 * 4);
  });

  it('evicts down to the window at once after a long append', () => {
    const cache = new SlidingWindowKVCache(layout, { window: 4, sinks: 1 });
    cache.append(entries(range(0, 10)));
    expectHolds(cache, [0, 6, 7, 8, 9]);
    const none = new SlidingWindowKVCache(layout, { window: 2, sinks: 0 });
    none.append(entries(range(0, 5)));
    expectHolds(none, [3, 4]);
  });

  it('evicts the same way whether tokens come packed (the ONNX path) or plain', () => {
    const plain = new SlidingWindowKVCache(layout, { window: 5, sinks: 2 });
    const viaPacked = new SlidingWindowKVCache(layout, { window: 5, sinks: 2 });
    const steps = [range(0, 3), [3], range(4, 9), [9], [10], range(11, 14), [14]];
    for (const step of steps) {
      plain.append(entries(step));
      viaPacked.appendPacked(packed(viaPacked, entries(step)));
      expectHolds(viaPacked, Array.from(plain.positions()));
    }
    expectHolds(viaPacked, [0, 1, 10, 11, 12, 13, 14]);
    expect(viaPacked.nextPosition).toBe(15);
    // Held entries in the packed arrays must be the ones read; the size check refuses a stale view.
    expect(() => viaPacked.appendPacked(entries(range(0, 3)))).toThrow(PocketLMError);
    expect(viaPacked.length).toBe(7);
  });

  it('truncates after eviction and continues after the last kept position', () => {
    const cache = new SlidingWindowKVCache(layout, { window: 3, sinks: 1 });
    cache.append(entries(range(0, 8)));
    expectHolds(cache, [0, 5, 6, 7]);
    cache.truncate(2);
    expectHolds(cache, [0, 5]);
    expect(cache.nextPosition).toBe(6);
    cache.append(entries([6]));
    expectHolds(cache, [0, 5, 6]);
    cache.truncate(0);
    expect(cache.nextPosition).toBe(0);
    expect(() => cache.truncate(1)).toThrow(/truncate/);
  });

  it('forks an independent copy that keeps evicting on its own', () => {
    const cache = new SlidingWindowKVCache(layout, { window: 2, sinks: 1 });
    cache.appendPacked(packed(cache, entries(range(0, 5))));
    const fork = cache.fork();
    expect(fork).toBeInstanceOf(SlidingWindowKVCache);
    fork.append(entries([5]));
    cache.truncate(1);
    expectHolds(fork, [0, 4, 5]);
    expectHolds(cache, [0]);
    cache.append(entries([1]));
    expectHolds(fork, [0, 4, 5]);
  });

  it('behaves as the full cache until the window is full', () => {
    const full = new FullKVCache(layout);
    const window = new SlidingWindowKVCache(layout, { window: 6, sinks: 2 });
    for (const step of [range(0, 3), [3], range(4, 8)]) {
      full.append(entries(step));
      window.appendPacked(packed(window, entries(step)));
      for (let l = 0; l < layout.numLayers; l++) expect(window.read(l)).toEqual(full.read(l));
    }
  });

  it('stores int8 when asked: fewer bytes, the same bookkeeping, values within a quantization step', () => {
    const cache = new SlidingWindowKVCache(layout, { window: 3, sinks: 1, storage: 'int8' });
    for (const step of [range(0, 4), [4], [5]]) cache.appendPacked(packed(cache, entries(step)));
    expect(Array.from(cache.positions())).toEqual([0, 3, 4, 5]);
    // headDim 3 in one group: 3 bytes of data and a 4-byte scale per head-row.
    expect(cache.bytes).toBe(4 * 2 * 2 * 2 * (3 + 4));
    const want = entries([0, 3, 4, 5]);
    const got = cache.read(1).key;
    for (let i = 0; i < got.length; i++) expect(Math.abs(got[i] - want.keys[1][i])).toBeLessThan(1e6 / 127);
  });

  it('frees storage on clear', () => {
    const cache = new SlidingWindowKVCache(layout, { window: 2 });
    cache.append(entries(range(0, 9)));
    cache.clear();
    expect(cache.length).toBe(0);
    expect(cache.bytes).toBe(0);
    expect(cache.nextPosition).toBe(0);
    cache.append(entries([0]));
    expectHolds(cache, [0]);
  });
});
