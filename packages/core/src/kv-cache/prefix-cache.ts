import { PocketLMError } from '../errors/pocketlm-error.js';
import type { KVCache } from './kv-cache.js';
import { TokenTrie } from './token-trie.js';

/** Options of a `PrefixCache`. */
export interface PrefixCacheOptions {
  /** Most bytes the stored caches may take, counted as each one's `KVCache.bytes`. */
  maxBytes: number;
}

/** Options of `PrefixCache.lookup`. */
export interface PrefixLookupOptions {
  /**
   * Most tokens to reuse. Pass `tokens.length - 1` when the last token must still run through the model for its
   * logits.
   */
  maxReuse?: number;
}

/** A cache holding the first `length` tokens of a lookup, ready to take the rest. */
export interface PrefixMatch {
  /** A fork the caller owns: writing to it never changes what the prefix cache holds. */
  cache: KVCache;
  /** Tokens reused: the cache holds `tokens[0, length)` at positions 0..length-1. */
  length: number;
}

interface Entry {
  cache: KVCache;
  bytes: number;
}

/**
 * Automatic prefix caching: keeps the KV caches of earlier prompts, keyed by their tokens, so a new prompt that
 * starts the same way (system prompt, chat history, few-shot examples) only runs the tokens that differ. Matches
 * may be partial: a stored [a b c d] serves a prompt [a b x] with 2 tokens.
 *
 * Entries are forks, which share storage with the inserted cache (copy-on-write), so inserting and looking up
 * cost no copying; bytes are still counted per entry (conservative). Least recently used entries are evicted to
 * stay within `maxBytes`. A lookup returns a fork of the stored cache, of the same kind: keep one prefix cache per
 * model and KV policy.
 */
export class PrefixCache {
  readonly maxBytes: number;
  private readonly trie = new TokenTrie<Entry>();
  private held = 0;

  constructor(options: PrefixCacheOptions) {
    const max = options?.maxBytes;
    if (typeof max !== 'number' || Number.isNaN(max) || max < 0) {
      throw new PocketLMError(
        'INVALID_OPTIONS',
        `Prefix cache: "maxBytes" must be a number ≥ 0, got ${JSON.stringify(max)}.`,
        { details: { field: 'maxBytes' } },
      );
    }
    this.maxBytes = max;
  }

  /**
   * Bytes of the stored caches: each entry's `KVCache.bytes`, so storage shared between entries (or with live
   * caches) counts once per entry, while spare capacity in a buffer an entry shares is not counted (there is none
   * after `appendPacked`, whose arrays are tight).
   */
  get bytes(): number {
    return this.held;
  }

  /** Entries stored. */
  get size(): number {
    return this.trie.size;
  }

  /**
   * Remembers `cache` (a fork of it: the caller keeps using `cache`) as holding `tokens`. Returns whether the
   * tokens are now served: `false` when the cache is refused — it must hold exactly `tokens.length` tokens at
   * positions 0..n-1 (a cache that evicted anything does not hold the prefix), and fit `maxBytes` on its own.
   * A stored entry that starts with `tokens` already serves them and is just marked used; stored entries that are
   * prefixes of `tokens` are replaced. Least recently used entries are evicted until the bytes fit.
   */
  insert(tokens: readonly number[], cache: KVCache): boolean {
    const n = tokens.length;
    if (n === 0 || cache.length !== n || cache.nextPosition !== n) return false;
    const positions = cache.positions();
    for (let i = 0; i < n; i++) if (positions[i] !== i) return false;
    const bytes = cache.bytes;
    if (bytes > this.maxBytes) return false;
    const result = this.trie.insert(tokens, () => ({ cache: cache.fork(), bytes }));
    if (!result.stored) return true;
    this.held += bytes;
    for (const entry of result.removed) this.release(entry);
    while (this.held > this.maxBytes) {
      const entry = this.trie.evictOldest();
      if (!entry) break;
      this.release(entry);
    }
    return true;
  }

  /**
   * A cache holding the longest prefix of `tokens` that a stored entry shares (at most `maxReuse` tokens), and that
   * prefix's length; `undefined` when not even the first token matches. Marks the entry used.
   */
  lookup(tokens: readonly number[], options: PrefixLookupOptions = {}): PrefixMatch | undefined {
    const limit = this.limit(tokens, options);
    if (limit < 1) return undefined;
    const match = this.trie.lookup(tokens, limit);
    if (!match) return undefined;
    const cache = match.value.cache.fork();
    if (match.length < cache.length) cache.truncate(match.length);
    return { cache, length: match.length };
  }

  /** How many tokens `lookup` would reuse, without forking or marking anything used (for planning). */
  matchLength(tokens: readonly number[], options: PrefixLookupOptions = {}): number {
    const limit = this.limit(tokens, options);
    return limit < 1 ? 0 : this.trie.matchLength(tokens, limit);
  }

  /** Drops every entry. Caches returned by `lookup` stay valid. */
  clear(): void {
    for (const entry of this.trie.values()) entry.cache.clear();
    this.trie.clear();
    this.held = 0;
  }

  private limit(tokens: readonly number[], options: PrefixLookupOptions): number {
    const max = options.maxReuse ?? tokens.length;
    return Number.isNaN(max) ? 0 : Math.floor(Math.min(tokens.length, max));
  }

  /** Forgets an entry; clearing its fork lets the caches still sharing its storage write in place again. */
  private release(entry: Entry): void {
    this.held -= entry.bytes;
    entry.cache.clear();
  }
}
