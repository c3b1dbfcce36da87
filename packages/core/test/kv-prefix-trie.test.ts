import { describe, expect, it } from 'vitest';
import { TokenTrie } from '../src/kv-cache/token-trie.js';

/** The trie's contract written the slow way: keys in an array, least recently used first. */
class ModelTrie {
  keys: number[][] = [];

  insert(tokens: number[]): { stored: boolean; other: string[] } {
    const covering = this.mostRecent((k) => k.length >= tokens.length && startsWith(k, tokens));
    if (covering) {
      this.touch(covering);
      return { stored: false, other: [covering.join()] };
    }
    const removed = this.keys.filter((k) => startsWith(tokens, k));
    this.keys = this.keys.filter((k) => !removed.includes(k));
    this.keys.push(tokens);
    return { stored: true, other: removed.map((k) => k.join()) };
  }

  lookup(tokens: number[], limit: number): { value: string; length: number } | undefined {
    const q = tokens.slice(0, limit);
    let best = 0;
    for (const k of this.keys) best = Math.max(best, shared(k, q));
    if (best === 0) return undefined;
    const key = this.mostRecent((k) => shared(k, q) === best) as number[];
    this.touch(key);
    return { value: key.join(), length: best };
  }

  evictOldest(): string | undefined {
    return this.keys.shift()?.join();
  }

  private mostRecent(pred: (k: number[]) => boolean): number[] | undefined {
    for (let i = this.keys.length - 1; i >= 0; i--) if (pred(this.keys[i])) return this.keys[i];
    return undefined;
  }

  private touch(key: number[]): void {
    this.keys = this.keys.filter((k) => k !== key);
    this.keys.push(key);
  }
}

function startsWith(a: number[], b: number[]): boolean {
  return b.length <= a.length && b.every((t, i) => a[i] === t);
}

function shared(a: number[], b: number[]): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

function seeded(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

describe('TokenTrie', () => {
  it('matches a brute-force model over random inserts, lookups and evictions', () => {
    for (let seed = 1; seed <= 15; seed++) {
      const rand = seeded(seed);
      const trie = new TokenTrie<string>();
      const model = new ModelTrie();
      // A three-token alphabet and short keys make shared prefixes, splits and merges frequent.
      const key = () => Array.from({ length: 1 + Math.floor(rand() * 6) }, () => Math.floor(rand() * 3));
      for (let step = 0; step < 300; step++) {
        const r = rand();
        if (r < 0.45) {
          const k = key();
          const got = trie.insert(k, () => k.join());
          const want = model.insert(k);
          expect(got.stored).toBe(want.stored);
          expect(got.stored ? got.removed : [got.covering]).toEqual(want.other);
        } else if (r < 0.85) {
          const k = key();
          const limit = rand() < 0.3 ? Math.floor(rand() * (k.length + 1)) : k.length;
          const want = model.lookup(k, limit);
          expect(trie.matchLength(k, limit)).toBe(want?.length ?? 0);
          expect(trie.lookup(k, limit)).toEqual(want);
        } else {
          expect(trie.evictOldest()).toBe(model.evictOldest());
        }
        expect(trie.size).toBe(model.keys.length);
        expect(trie.values()).toEqual(model.keys.map((k) => k.join()));
      }
    }
  });

  it('refuses an empty key and evicts nothing when empty', () => {
    const trie = new TokenTrie<string>();
    expect(() => trie.insert([], () => '')).toThrow();
    expect(trie.evictOldest()).toBeUndefined();
    expect(trie.lookup([1])).toBeUndefined();
  });

  it('keeps lookups fast with many long keys that share prefixes', () => {
    const trie = new TokenTrie<number>();
    const rand = seeded(99);
    const system = Array.from({ length: 500 }, (_, i) => i);
    const keys: number[][] = [];
    for (let i = 0; i < 5000; i++) {
      keys.push([...system, ...Array.from({ length: 200 }, () => Math.floor(rand() * 50_000))]);
    }
    const start = performance.now();
    keys.forEach((k, i) => {
      trie.insert(k, () => i);
    });
    for (let i = 0; i < 5000; i++) {
      const k = keys[Math.floor(rand() * keys.length)];
      const hit = trie.lookup([...k.slice(0, 600), -1]);
      expect(hit?.length).toBe(600);
    }
    for (let i = 0; i < 4000; i++) trie.evictOldest();
    const ms = performance.now() - start;
    expect(trie.size).toBe(1000);
    // Scanning every key per lookup would be 5000 × 5000 × 600 steps; the trie walks one path.
    expect(ms).toBeLessThan(5000);
  });
});
