import { describe, expect, it } from 'vitest';
import { PocketLMError } from '../src/errors/pocketlm-error.js';
import { createKVCache } from '../src/kv-cache/create-kv-cache.js';
import { kvBytesPerToken } from '../src/kv-cache/kv-bytes-per-token.js';
import type { KVAppend, KVCache } from '../src/kv-cache/kv-cache.js';
import type { KVCachePolicy } from '../src/kv-cache/kv-cache-policy.js';
import { PrefixCache } from '../src/kv-cache/prefix-cache.js';
import { layout } from './kv-test-entries.js';

const perToken = kvBytesPerToken(layout);

/** Entries for `tokens` at positions from..: values encode each token id, so a cache shows which tokens it holds. */
function tokenEntries(tokens: readonly number[], from: number): KVAppend {
  const { numLayers, numKVHeads, headDim } = layout;
  const n = tokens.length;
  const make = (layer: number, kind: number) => {
    const out = new Float32Array(numKVHeads * n * headDim);
    for (let h = 0; h < numKVHeads; h++)
      for (let t = 0; t < n; t++)
        for (let d = 0; d < headDim; d++)
          out[(h * n + t) * headDim + d] = kind * 1000 + tokens[t] * 10 + layer * 3 + h + d * 0.5;
    return out;
  };
  return {
    positions: tokens.map((_, i) => from + i),
    keys: Array.from({ length: numLayers }, (_, l) => make(l, 1)),
    values: Array.from({ length: numLayers }, (_, l) => make(l, 2)),
  };
}

/** A cache that ran `tokens` from position 0, the way a prefill would leave it. */
function prefilled(tokens: readonly number[], policy: KVCachePolicy = { type: 'full' }): KVCache {
  const cache = createKVCache(layout, policy);
  cache.append(tokenEntries(tokens, 0));
  return cache;
}

/** Expects `cache` to hold exactly `tokens` at positions 0.., as a fresh prefill of them under `policy` would. */
function expectHoldsTokens(cache: KVCache, tokens: number[], policy: KVCachePolicy = { type: 'full' }): void {
  const want = prefilled(tokens, policy);
  expect(Array.from(cache.positions())).toEqual(tokens.map((_, i) => i));
  expect(cache.nextPosition).toBe(tokens.length);
  for (let l = 0; l < layout.numLayers; l++) {
    expect(cache.read(l).key).toEqual(want.read(l).key);
    expect(cache.read(l).value).toEqual(want.read(l).value);
  }
}

describe('PrefixCache', () => {
  it('reuses an exact match, and a stored entry for a longer query', () => {
    const prefixes = new PrefixCache({ maxBytes: 1e6 });
    expect(prefixes.insert([1, 2, 3, 4], prefilled([1, 2, 3, 4]))).toBe(true);
    const exact = prefixes.lookup([1, 2, 3, 4]);
    expect(exact?.length).toBe(4);
    expectHoldsTokens(exact!.cache, [1, 2, 3, 4]);
    const longer = prefixes.lookup([1, 2, 3, 4, 5, 6]);
    expect(longer?.length).toBe(4);
    expectHoldsTokens(longer!.cache, [1, 2, 3, 4]);
    expect([prefixes.size, prefixes.bytes]).toEqual([1, 4 * perToken]);
  });

  it('reuses a partial match of a longer entry, truncated to what is shared', () => {
    const prefixes = new PrefixCache({ maxBytes: 1e6 });
    prefixes.insert([1, 2, 3, 4], prefilled([1, 2, 3, 4]));
    const hit = prefixes.lookup([1, 2, 9]);
    expect(hit?.length).toBe(2);
    expect(hit?.cache.length).toBe(2);
    expectHoldsTokens(hit!.cache, [1, 2]);
    expect(prefixes.lookup([7, 1, 2])).toBeUndefined();
    expect(prefixes.lookup([])).toBeUndefined();
  });

  it('finds the longest shared prefix among branching entries', () => {
    const prefixes = new PrefixCache({ maxBytes: 1e6 });
    for (const tokens of [
      [1, 2, 3],
      [1, 2, 4, 5],
      [1, 6],
      [8, 8, 8],
    ]) {
      prefixes.insert(tokens, prefilled(tokens));
    }
    const cases: [number[], number[]][] = [
      [
        [1, 2, 4, 9],
        [1, 2, 4],
      ],
      [
        [1, 2, 3, 7],
        [1, 2, 3],
      ],
      [
        [1, 2, 7],
        [1, 2],
      ],
      [
        [1, 6, 6],
        [1, 6],
      ],
      [[1, 9], [1]],
      [
        [8, 8, 8, 8],
        [8, 8, 8],
      ],
    ];
    for (const [query, reused] of cases) {
      const hit = prefixes.lookup(query);
      expect(hit?.length).toBe(reused.length);
      expectHoldsTokens(hit!.cache, reused);
      expect(prefixes.matchLength(query)).toBe(reused.length);
    }
  });

  it('caps the reused length with maxReuse, so the last token still runs for its logits', () => {
    const prefixes = new PrefixCache({ maxBytes: 1e6 });
    prefixes.insert([1, 2, 3, 4], prefilled([1, 2, 3, 4]));
    const query = [1, 2, 3, 4];
    const hit = prefixes.lookup(query, { maxReuse: query.length - 1 });
    expect(hit?.length).toBe(3);
    expectHoldsTokens(hit!.cache, [1, 2, 3]);
    expect(prefixes.lookup([1], { maxReuse: 0 })).toBeUndefined();
    expect(prefixes.lookup([], { maxReuse: -1 })).toBeUndefined();
    expect(prefixes.matchLength(query, { maxReuse: 2 })).toBe(2);
  });

  it('keeps one entry per prefix chain: same tokens refresh, a longer key replaces its prefix', () => {
    const prefixes = new PrefixCache({ maxBytes: 1e6 });
    prefixes.insert([1, 2], prefilled([1, 2]));
    prefixes.insert([1, 2], prefilled([1, 2]));
    expect([prefixes.size, prefixes.bytes]).toEqual([1, 2 * perToken]);
    prefixes.insert([1, 2, 3], prefilled([1, 2, 3]));
    expect([prefixes.size, prefixes.bytes]).toEqual([1, 3 * perToken]);
    // A prefix of a stored key is already served by it.
    expect(prefixes.insert([1, 2], prefilled([1, 2]))).toBe(true);
    expect([prefixes.size, prefixes.bytes]).toEqual([1, 3 * perToken]);
    expect(prefixes.lookup([1, 2])?.length).toBe(2);
  });

  it('evicts least recently used entries to stay within maxBytes', () => {
    const prefixes = new PrefixCache({ maxBytes: 10 * perToken });
    prefixes.insert([1, 1, 1, 1], prefilled([1, 1, 1, 1]));
    prefixes.insert([2, 2, 2, 2], prefilled([2, 2, 2, 2]));
    expect(prefixes.bytes).toBe(8 * perToken);
    prefixes.lookup([1, 5]); // [1 1 1 1] is now the most recently used
    prefixes.insert([3, 3, 3], prefilled([3, 3, 3]));
    expect([prefixes.size, prefixes.bytes]).toEqual([2, 7 * perToken]);
    expect(prefixes.lookup([2, 2])).toBeUndefined();
    expect(prefixes.lookup([1, 1])?.length).toBe(2);
    // [3 3 3] is now the oldest: a 5-token entry pushes it out, and [1 1 1 1] stays.
    prefixes.insert([4, 4, 4, 4, 4], prefilled([4, 4, 4, 4, 4]));
    expect([prefixes.size, prefixes.bytes]).toEqual([2, 9 * perToken]);
    expect(prefixes.lookup([3])).toBeUndefined();
    expect(prefixes.lookup([1])?.length).toBe(1);
    // One entry as large as the whole budget evicts everything else.
    prefixes.insert(Array(10).fill(5), prefilled(Array(10).fill(5)));
    expect([prefixes.size, prefixes.bytes]).toEqual([1, 10 * perToken]);
  });

  it('does not store an entry larger than maxBytes, and keeps what it had', () => {
    const prefixes = new PrefixCache({ maxBytes: 3 * perToken });
    prefixes.insert([1], prefilled([1]));
    expect(prefixes.insert([2, 2, 2, 2], prefilled([2, 2, 2, 2]))).toBe(false);
    expect([prefixes.size, prefixes.bytes]).toEqual([1, perToken]);
    expect(prefixes.lookup([2])).toBeUndefined();
    expect(new PrefixCache({ maxBytes: 0 }).insert([1], prefilled([1]))).toBe(false);
  });

  it('refuses caches that do not hold exactly the tokens at positions 0..n-1', () => {
    const prefixes = new PrefixCache({ maxBytes: 1e6 });
    const window: KVCachePolicy = { type: 'sliding-window', window: 2, sinks: 1 };
    const evicted = prefilled([1, 2, 3, 4, 5], window);
    expect(evicted.length).toBe(3);
    expect(prefixes.insert([1, 2, 3, 4, 5], evicted)).toBe(false);
    expect(prefixes.insert([1, 4, 5], evicted)).toBe(false);
    expect(prefixes.insert([1, 2], prefilled([1, 2, 3]))).toBe(false);
    expect(prefixes.insert([], createKVCache(layout))).toBe(false);
    const shifted = createKVCache(layout);
    shifted.append(tokenEntries([1, 2], 5));
    expect(prefixes.insert([1, 2], shifted)).toBe(false);
    expect(prefixes.size).toBe(0);
    // A truncated cache holds its prefix exactly, so it is fine.
    const truncated = prefilled([1, 2, 3]);
    truncated.truncate(2);
    expect(prefixes.insert([1, 2], truncated)).toBe(true);
  });

  it('rejects a bad maxBytes', () => {
    expect(() => new PrefixCache({ maxBytes: -1 })).toThrow(PocketLMError);
    expect(() => new PrefixCache({ maxBytes: Number.NaN })).toThrow(PocketLMError);
    expect(() => new PrefixCache({} as { maxBytes: number })).toThrow(PocketLMError);
  });

  const policies: KVCachePolicy[] = [
    { type: 'full' },
    { type: 'sliding-window', window: 8, sinks: 2 },
    { type: 'value-norm', maxBytes: 64 * perToken },
    { type: 'quantized', bits: 8, groupSize: 3 },
    { type: 'quantized', bits: 4, groupSize: 2 },
  ];
  for (const policy of policies) {
    it(`hands out forks that never change what it stores, nor does the inserted cache: ${JSON.stringify(policy)}`, () => {
      const prefixes = new PrefixCache({ maxBytes: 1e6 });
      const live = prefilled([1, 2, 3, 4], policy);
      prefixes.insert([1, 2, 3, 4], live);
      // The caller keeps decoding with its own cache (in place, into the spare capacity it shares with the entry).
      live.append(tokenEntries([9, 9], 4));
      live.truncate(3);
      live.append(tokenEntries([7], 3));

      const first = prefixes.lookup([1, 2, 5])!;
      expect(first.length).toBe(2);
      first.cache.append(tokenEntries([5, 6], 2));
      expectHoldsTokens(first.cache, [1, 2, 5, 6], policy);

      const second = prefixes.lookup([1, 2, 3, 4, 8])!;
      expect(second.length).toBe(4);
      expectHoldsTokens(second.cache, [1, 2, 3, 4], policy);
      second.cache.append(tokenEntries([8], 4));
      second.cache.truncate(1);
      second.cache.append(tokenEntries([6, 6, 6], 1));
      expectHoldsTokens(second.cache, [1, 6, 6, 6], policy);

      const third = prefixes.lookup([1, 2, 3, 4])!;
      expectHoldsTokens(third.cache, [1, 2, 3, 4], policy);
      expectHoldsTokens(first.cache, [1, 2, 5, 6], policy);
      expectHoldsTokens(live, [1, 2, 3, 7], policy);
    });
  }

  it('clear() drops every entry; caches handed out before stay valid', () => {
    const prefixes = new PrefixCache({ maxBytes: 1e6 });
    prefixes.insert([1, 2, 3], prefilled([1, 2, 3]));
    prefixes.insert([4, 5], prefilled([4, 5]));
    const hit = prefixes.lookup([1, 2, 3])!;
    prefixes.clear();
    expect([prefixes.size, prefixes.bytes]).toEqual([0, 0]);
    expect(prefixes.lookup([1, 2, 3])).toBeUndefined();
    expectHoldsTokens(hit.cache, [1, 2, 3]);
    hit.cache.append(tokenEntries([4], 3));
    expectHoldsTokens(hit.cache, [1, 2, 3, 4]);
    prefixes.insert([1], prefilled([1]));
    expect(prefixes.size).toBe(1);
  });
});
