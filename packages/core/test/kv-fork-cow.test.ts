import { describe, expect, it } from 'vitest';
import { createKVCache } from '../src/kv-cache/create-kv-cache.js';
import { FullKVCache } from '../src/kv-cache/full-kv-cache.js';
import { kvBytesPerToken } from '../src/kv-cache/kv-bytes-per-token.js';
import type { KVCache, KVCacheLayout } from '../src/kv-cache/kv-cache.js';
import type { KVCachePolicy } from '../src/kv-cache/kv-cache-policy.js';
import { QuantizedKVCache } from '../src/kv-cache/quantized-kv-cache.js';
import { StoredKVCache } from '../src/kv-cache/stored-kv-cache.js';
import { entries, expectHolds, layout, packed, range } from './kv-test-entries.js';

const perToken = kvBytesPerToken(layout);

/** Every policy and storage, sized so the random runs below evict often. */
const policies: KVCachePolicy[] = [
  { type: 'full' },
  { type: 'sliding-window', window: 5, sinks: 2 },
  { type: 'sliding-window', window: 4, sinks: 1, storage: 'int8', groupSize: 2 },
  { type: 'value-norm', maxBytes: 9 * perToken, thresholdBytes: 8 * perToken, sinks: 1, recent: 2 },
  {
    type: 'value-norm',
    maxBytes: 9 * kvBytesPerToken(layout, { type: 'quantized', bits: 4, groupSize: 2 }),
    sinks: 1,
    recent: 2,
    storage: 'int4',
    groupSize: 2,
  },
  { type: 'quantized', bits: 8 },
  { type: 'quantized', bits: 4, groupSize: 2 },
];

/** Value norms that are not monotone in the position, so value-norm eviction picks tokens from the middle. */
const weight = (p: number) => 1 + ((p * 7919) % 13);

type Op = { kind: 'append' | 'packed'; count: number } | { kind: 'truncate'; fraction: number };

function apply(cache: KVCache, op: Op): void {
  if (op.kind === 'truncate') {
    cache.truncate(Math.floor(op.fraction * cache.length));
    return;
  }
  const next = entries(range(cache.nextPosition, cache.nextPosition + op.count), weight);
  if (op.kind === 'append') cache.append(next);
  else cache.appendPacked(packed(cache, next));
}

/** A fresh cache (never forked) that went through `history`. */
function replay(policy: KVCachePolicy, history: Op[]): KVCache {
  const ref = createKVCache(layout, policy);
  for (const op of history) apply(ref, op);
  return ref;
}

/** Expects `cache` to equal a fresh cache that went through `history` alone, bit for bit. */
function expectReplays(cache: KVCache, policy: KVCachePolicy, history: Op[]): void {
  expectSame(cache, replay(policy, history));
}

function expectSame(cache: KVCache, ref: KVCache): void {
  // Plain loops first: vitest's deep equality is slow over thousands of checks; it runs only to report a mismatch.
  const same = (a: ArrayLike<number>, b: ArrayLike<number>) =>
    a.length === b.length && Array.prototype.every.call(a, (x: number, i: number) => x === b[i]);
  const parts = (c: KVCache) => [
    c.positions(),
    [c.length, c.nextPosition, c.bytes],
    ...Array.from({ length: c.layout.numLayers }, (_, l) => [c.read(l).key, c.read(l).value]).flat(),
  ];
  const got = parts(cache);
  const want = parts(ref);
  for (let i = 0; i < got.length; i++) if (!same(got[i], want[i])) expect(got[i]).toEqual(want[i]);
}

function seeded(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

function stored(cache: KVCache): StoredKVCache {
  if (!(cache instanceof StoredKVCache)) throw new Error('expected a StoredKVCache');
  return cache;
}

describe('copy-on-write fork', () => {
  for (const policy of policies) {
    const name = JSON.stringify(policy);

    it(`forks share storage and each side reads only its own writes: ${name}`, () => {
      for (let seed = 1; seed <= 12; seed++) {
        const rand = seeded(seed);
        const randomOp = (): Op => {
          const r = rand();
          if (r < 0.15) return { kind: 'truncate', fraction: rand() };
          return { kind: r < 0.55 ? 'append' : 'packed', count: 1 + Math.floor(rand() * 3) };
        };
        // Each live cache next to a reference that went through the same operations without any fork.
        const live: { cache: KVCache; ref: KVCache; history: Op[] }[] = [
          { cache: createKVCache(layout, policy), ref: createKVCache(layout, policy), history: [] },
        ];
        for (let step = 0; step < 40; step++) {
          const pick = live[Math.floor(rand() * live.length)];
          if (rand() < 0.15 && live.length < 5) {
            const fork = pick.cache.fork();
            expect(stored(fork).sharesStorageWith(pick.cache) || pick.cache.length === 0).toBe(true);
            const history = pick.history.slice();
            live.push({ cache: fork, ref: replay(policy, history), history });
          } else {
            const op = randomOp();
            apply(pick.cache, op);
            apply(pick.ref, op);
            pick.history.push(op);
          }
          // Every cache, not just the one written, must still hold exactly its own history.
          for (const { cache, ref } of live) expectSame(cache, ref);
        }
      }
    });

    it(`fork copies no key/value bytes, and truncate + append on the fork leaves the original intact: ${name}`, () => {
      const original = createKVCache(layout, policy);
      original.append(entries(range(0, 3), weight));
      original.appendPacked(packed(original, entries(range(3, 5), weight)));
      const history: Op[] = [
        { kind: 'append', count: 3 },
        { kind: 'packed', count: 2 },
      ];
      const fork = original.fork();
      expect(stored(fork).sharesStorageWith(original)).toBe(true);
      expect(Array.from(fork.positions())).toEqual(Array.from(original.positions()));
      apply(fork, { kind: 'truncate', fraction: 0.5 });
      apply(fork, { kind: 'append', count: 2 });
      apply(fork, { kind: 'packed', count: 1 });
      expect(stored(fork).sharesStorageWith(original)).toBe(false);
      expectReplays(original, policy, history);
      expectReplays(fork, policy, [
        ...history,
        { kind: 'truncate', fraction: 0.5 },
        { kind: 'append', count: 2 },
        { kind: 'packed', count: 1 },
      ]);
    });
  }

  it('read() of a fork returns the very arrays the original reads, until one side writes', () => {
    const cache = new FullKVCache(layout);
    cache.appendPacked(packed(cache, entries(range(0, 4))));
    const fork = cache.fork();
    for (let l = 0; l < layout.numLayers; l++) {
      expect(fork.read(l).key).toBe(cache.read(l).key);
      expect(fork.read(l).value).toBe(cache.read(l).value);
    }
    fork.append(entries([4]));
    expect(fork.read(0).key.buffer).not.toBe(cache.read(0).key.buffer);
    expectHolds(cache, range(0, 4));
    expectHolds(fork, range(0, 5));
  });

  it('the side holding the newest token appends in place into spare capacity; the other copies when it writes', () => {
    const cache = new FullKVCache(layout);
    cache.append(entries(range(0, 5)));
    const fork = cache.fork();
    cache.append(entries([5]));
    // Slot 5 was free for both: writing it does not disturb the fork, so nothing was copied.
    expect(cache.sharesStorageWith(fork)).toBe(true);
    expectHolds(fork, range(0, 5));
    fork.append(entries([15]));
    expect(cache.sharesStorageWith(fork)).toBe(false);
    expectHolds(cache, range(0, 6));
    expect(Array.from(fork.positions())).toEqual([0, 1, 2, 3, 4, 15]);
    expect(fork.read(1).value).toEqual(entries([0, 1, 2, 3, 4, 15]).values[1]);
  });

  it('forking again after a truncate does not free slots an earlier fork still holds', () => {
    const cache = new FullKVCache(layout);
    cache.append(entries(range(0, 10)));
    const first = cache.fork();
    cache.truncate(5);
    const second = cache.fork();
    cache.append(entries([50]));
    second.append(entries([60]));
    expectHolds(first, range(0, 10));
    expectHolds(cache, [0, 1, 2, 3, 4, 50]);
    expectHolds(second, [0, 1, 2, 3, 4, 60]);
  });

  it('eviction on a shared sliding window gathers into new storage instead of compacting shared arrays', () => {
    for (const storage of ['f32', 'int8'] as const) {
      const policy: KVCachePolicy = { type: 'sliding-window', window: 3, sinks: 1, storage, groupSize: 3 };
      const cache = createKVCache(layout, policy);
      cache.append(entries(range(0, 4), weight));
      const fork = cache.fork();
      cache.append(entries([4, 5], weight));
      expect(Array.from(cache.positions())).toEqual([0, 3, 4, 5]);
      expectReplays(fork, policy, [{ kind: 'append', count: 4 }]);
      fork.append(entries([4], weight));
      expect(Array.from(fork.positions())).toEqual([0, 2, 3, 4]);
      expectReplays(cache, policy, [
        { kind: 'append', count: 4 },
        { kind: 'append', count: 2 },
      ]);
      expectReplays(fork, policy, [
        { kind: 'append', count: 4 },
        { kind: 'append', count: 1 },
      ]);
      if (storage === 'f32') {
        expectHolds(cache, [0, 3, 4, 5], weight);
        expectHolds(fork, [0, 2, 3, 4], weight);
      }
    }
  });

  it('clearing a fork leaves the original intact', () => {
    const policy: KVCachePolicy = { type: 'quantized', bits: 8, groupSize: 3 };
    const cache = createKVCache(layout, policy);
    apply(cache, { kind: 'append', count: 6 });
    const fork = cache.fork();
    fork.clear();
    expect(fork.length).toBe(0);
    apply(cache, { kind: 'append', count: 1 });
    apply(fork, { kind: 'append', count: 2 });
    expectReplays(cache, policy, [
      { kind: 'append', count: 6 },
      { kind: 'append', count: 1 },
    ]);
    expectReplays(fork, policy, [{ kind: 'append', count: 2 }]);
  });

  it('a hundred forks of an 8 MB cache add almost no memory (measured with process.memoryUsage)', () => {
    const big: KVCacheLayout = { numLayers: 4, numKVHeads: 4, headDim: 64 };
    const tokens = 1024;
    for (const make of [() => new FullKVCache(big), () => new QuantizedKVCache(big, { bits: 8 })]) {
      const cache = make();
      const chunk = entries(range(0, tokens), undefined, big);
      cache.append(chunk);
      const held = cache.bytes;
      const before = process.memoryUsage().arrayBuffers;
      const forks = Array.from({ length: 100 }, () => cache.fork());
      const grown = process.memoryUsage().arrayBuffers - before;
      // A deep copy per fork would add 100 × `held` bytes; copy-on-write adds none.
      expect(grown).toBeLessThan(held / 4);
      expect(forks.every((f) => f.length === tokens && stored(f).sharesStorageWith(cache))).toBe(true);
    }
  });
});
