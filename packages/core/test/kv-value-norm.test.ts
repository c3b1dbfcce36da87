import { describe, expect, it } from 'vitest';
import { PocketLMError } from '../src/errors/pocketlm-error.js';
import type { KVCache } from '../src/kv-cache/kv-cache.js';
import { ValueNormKVCache } from '../src/kv-cache/value-norm-kv-cache.js';
import { entries, expectHolds, layout, packed, range } from './kv-test-entries.js';

const perToken = 2 * 2 * 2 * 3 * 4; // layers × (K, V) × heads × headDim × float32

/** Value norms chosen per position: low for the listed ones, high otherwise. */
const weights = new Map<number, number>([
  [3, 0.1],
  [5, 0.2],
  [6, 0.05],
  [8, 0.3],
]);
const weight = (p: number) => weights.get(p) ?? 1 + p / 100;

describe('ValueNormKVCache', () => {
  it('keeps everything under the threshold, then evicts the smallest value norms first', () => {
    const cache = new ValueNormKVCache(layout, { maxBytes: 8 * perToken, sinks: 2, recent: 2 });
    cache.append(entries(range(0, 8), weight));
    expectHolds(cache, range(0, 8), weight);
    cache.append(entries([8], weight));
    // Over the cap by one: 3 has the smallest norm among the unprotected 2..5 (sinks 0-1, recent 6-7, new 8).
    expectHolds(cache, [0, 1, 2, 4, 5, 6, 7, 8], weight);
    cache.append(entries([9], weight));
    expectHolds(cache, [0, 1, 2, 4, 5, 7, 8, 9], weight);
    cache.append(entries([10], weight));
    expectHolds(cache, [0, 1, 2, 4, 7, 8, 9, 10], weight);
    // 8 has a small norm but was recent; once it is not, it goes.
    cache.append(entries([11], weight));
    cache.append(entries([12], weight));
    expectHolds(cache, [0, 1, 4, 7, 9, 10, 11, 12], weight);
    expect(cache.nextPosition).toBe(13);
    expect(cache.bytes).toBe(8 * perToken);
  });

  it('protects the sinks whatever their norm', () => {
    const low = (p: number) => (p < 2 ? 0.001 : 1 + p / 100);
    const cache = new ValueNormKVCache(layout, { maxBytes: 4 * perToken, sinks: 2, recent: 0 });
    for (let p = 0; p < 8; p++) cache.append(entries([p], low));
    // Equal-ish norms apart from the sinks: the smallest unprotected norms are the oldest (the weight grows).
    expectHolds(cache, [0, 1, 6, 7], low);
  });

  it('compresses in batches down to targetBytes, never over maxBytes', () => {
    const cache = new ValueNormKVCache(layout, {
      maxBytes: 10 * perToken,
      thresholdBytes: 8 * perToken,
      targetBytes: 5 * perToken,
      sinks: 1,
      recent: 1,
    });
    const lengths: number[] = [];
    for (let p = 0; p < 14; p++) {
      cache.appendPacked(packed(cache, entries([p], weight)));
      lengths.push(cache.length);
    }
    expect(lengths).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 5, 6, 7, 8, 5, 6]);
  });

  it('never exceeds the byte cap over a long random run, and every layer keeps the same tokens', () => {
    let seed = 7;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const w = (p: number) => 0.5 + ((p * 7919) % 97) / 97;
    const maxBytes = 12 * perToken + 5;
    let cache: KVCache = new ValueNormKVCache(layout, {
      maxBytes,
      thresholdBytes: 10 * perToken,
      sinks: 2,
      recent: 3,
    });
    let evicted = 0;
    for (let step = 0; step < 400; step++) {
      const r = rand();
      const before = cache.length;
      if (r < 0.1 && cache.length > 0) {
        cache.truncate(Math.floor(rand() * cache.length));
      } else if (r < 0.15) {
        cache = cache.fork();
      } else {
        const count = 1 + Math.floor(rand() * 4);
        const next = entries(range(cache.nextPosition, cache.nextPosition + count), w);
        if (rand() < 0.5) cache.append(next);
        else cache.appendPacked(packed(cache, next));
        if (cache.length < before + count) evicted++;
      }
      expect(cache.bytes).toBeLessThanOrEqual(maxBytes);
      const pos = Array.from(cache.positions());
      expect(pos.every((p, i) => i === 0 || p > pos[i - 1])).toBe(true);
      expectHolds(cache, pos, w);
    }
    expect(evicted).toBeGreaterThan(50);
  });

  it('refuses an append whose protected tokens cannot fit, leaving the cache unchanged', () => {
    const cache = new ValueNormKVCache(layout, { maxBytes: 6 * perToken, sinks: 2, recent: 2 });
    cache.append(entries(range(0, 6), weight));
    let error: unknown;
    try {
      cache.append(entries(range(6, 9), weight)); // 2 sinks + 2 recent + 3 new = 7 tokens > 6
    } catch (e) {
      error = e;
    }
    expect(PocketLMError.isInstance(error, 'MEMORY_BUDGET_EXCEEDED')).toBe(true);
    expect((error as PocketLMError).details).toMatchObject({
      maxBytes: 6 * perToken,
      requiredBytes: 7 * perToken,
      newTokens: 3,
    });
    expect(() => cache.appendPacked(packed(cache, entries(range(6, 9), weight)))).toThrow(
      /4 protected tokens/,
    );
    expectHolds(cache, range(0, 6), weight);
    expect(cache.nextPosition).toBe(6);
    // Two new tokens fit: 2 + 2 + 2.
    cache.appendPacked(packed(cache, entries(range(6, 8), weight)));
    expect(cache.length).toBe(6);
    const tiny = new ValueNormKVCache(layout, { maxBytes: perToken - 1, sinks: 0, recent: 0 });
    expect(() => tiny.append(entries([0]))).toThrow(PocketLMError);
    expect(tiny.length).toBe(0);
  });

  it('composes with int4 storage: the cap counts quantized bytes', () => {
    const q = 2 * 2 * 2 * (2 + 4); // headDim 3 → 2 bytes of nibbles and one scale per head-row
    const cache = new ValueNormKVCache(layout, { maxBytes: 5 * q, sinks: 1, recent: 1, storage: 'int4' });
    for (let p = 0; p < 9; p++) cache.appendPacked(packed(cache, entries([p], weight)));
    expect(cache.bytes).toBe(5 * q);
    // Evicted in turn: 3 (0.1), 1 (oldest of the plain ones), 5 (0.2), 6 (0.05).
    expect(Array.from(cache.positions())).toEqual([0, 2, 4, 7, 8]);
  });

  it('forks with its norms, so both copies evict the same way', () => {
    const cache = new ValueNormKVCache(layout, { maxBytes: 5 * perToken, sinks: 1, recent: 1 });
    cache.append(entries(range(0, 5), weight));
    const fork = cache.fork();
    fork.append(entries([5], weight));
    cache.append(entries([5], weight));
    expectHolds(fork, Array.from(cache.positions()), weight);
    expectHolds(cache, [0, 1, 2, 4, 5], weight);
  });
});

describe('ValueNormKVCache.appendLimit', () => {
  it('is what the cap holds beside the protected tokens, and an append of that size fits', () => {
    const cache = new ValueNormKVCache(layout, { maxBytes: 10 * perToken, sinks: 2, recent: 3 });
    expect(cache.appendLimit).toBe(10);
    cache.append(entries(range(0, 10), weight));
    expect(cache.appendLimit).toBe(5);
    cache.append(entries(range(10, 15), weight));
    expect(cache.bytes).toBeLessThanOrEqual(10 * perToken);
    expect(() => cache.append(entries(range(15, 21), weight))).toThrow(
      expect.objectContaining({ code: 'MEMORY_BUDGET_EXCEEDED' }),
    );
  });
});
