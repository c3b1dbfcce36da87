import { PocketLMError } from '../errors/pocketlm-error.js';

/** A node of the radix trie: `edge` is the run of tokens from its parent to it. */
interface TrieNode<V> {
  edge: number[];
  parent: TrieNode<V> | undefined;
  children: Map<number, TrieNode<V>>;
  /** Set on leaves only: no key is a proper prefix of another, so every key ends at a leaf. */
  value: V | undefined;
  /** The most recently used leaf below (or at) this node: a match anywhere under it finds a key in O(1). */
  latest: TrieNode<V> | undefined;
}

/** What `TokenTrie.insert` did. */
export type TrieInsert<V> =
  /** Stored; `removed` holds the values of stored keys that were proper prefixes of the new key. */
  | { stored: true; removed: V[] }
  /** Not stored: a stored key already starts with the new one, so it serves every lookup the new key would. */
  | { stored: false; covering: V };

/**
 * Token sequences → values, for longest-shared-prefix lookups, with the keys in least-recently-used order. A radix
 * trie (each edge a run of tokens, no single-child inner nodes) in which no key is a proper prefix of another: a
 * shorter key adds nothing a longer one does not already match, so inserting a longer key drops its prefixes.
 * Every operation costs O(key length) plus the nodes on one path, independent of how many keys are stored.
 *
 * Why the `latest` pointers stay cheap: only the least recently used leaf is ever evicted, and every inner node
 * has two or more leaves below it, so its most recent leaf is never the evicted one; nothing needs recomputing.
 */
export class TokenTrie<V> {
  private root: TrieNode<V> = newNode([], undefined);
  /** Leaves, least recently used first (a `Set` iterates in insertion order). */
  private readonly order = new Set<TrieNode<V>>();

  /** Keys stored. */
  get size(): number {
    return this.order.size;
  }

  /** Stored values, least recently used first. */
  values(): V[] {
    return Array.from(this.order, (leaf) => leaf.value as V);
  }

  /**
   * Stores the value `make()` returns under `tokens` (non-empty) as the most recently used key, unless a stored key
   * already starts with `tokens`: then that key is marked used instead and `make` is not called.
   */
  insert(tokens: readonly number[], make: () => V): TrieInsert<V> {
    if (tokens.length === 0)
      throw new PocketLMError('INVALID_OPTIONS', 'A token trie key must not be empty.');
    const at = this.descend(tokens, tokens.length);
    if (at.length === tokens.length) {
      const leaf = (at.into ?? at.node).latest as TrieNode<V>;
      this.touch(leaf);
      return { stored: false, covering: leaf.value as V };
    }
    const value = make();
    let node = at.node;
    if (at.into) node = this.split(at.into, at.along);
    const rest = tokens.slice(at.length);
    const removed: V[] = [];
    if (node.value !== undefined) {
      // The new key extends a stored one: the leaf grows to the new key (no single-child inner node appears).
      removed.push(node.value);
      node.edge = node.edge.concat(rest);
      node.value = value;
      this.touch(node);
      return { stored: true, removed };
    }
    const leaf = newNode(rest, node);
    leaf.value = value;
    node.children.set(rest[0], leaf);
    this.touch(leaf);
    return { stored: true, removed };
  }

  /**
   * The longest prefix of `tokens[0, limit)` that some stored key shares, with that key's value (the most recently
   * used one when several share it), marked used. `undefined` when no key shares even the first token.
   */
  lookup(tokens: readonly number[], limit = tokens.length): { value: V; length: number } | undefined {
    const at = this.descend(tokens, Math.min(limit, tokens.length));
    if (at.length === 0) return undefined;
    const leaf = (at.into ?? at.node).latest as TrieNode<V>;
    this.touch(leaf);
    return { value: leaf.value as V, length: at.length };
  }

  /** How many leading tokens of `tokens[0, limit)` `lookup` would match; marks nothing used. */
  matchLength(tokens: readonly number[], limit = tokens.length): number {
    return this.descend(tokens, Math.min(limit, tokens.length)).length;
  }

  /** Removes the least recently used key and returns its value. */
  evictOldest(): V | undefined {
    const leaf = this.order.values().next().value;
    if (!leaf) return undefined;
    this.order.delete(leaf);
    const parent = leaf.parent as TrieNode<V>;
    parent.children.delete(leaf.edge[0]);
    // An inner node left with one child merges into it, so inner nodes keep two or more leaves.
    if (parent !== this.root && parent.children.size === 1) {
      const [only] = parent.children.values();
      const grand = parent.parent as TrieNode<V>;
      only.edge = parent.edge.concat(only.edge);
      only.parent = grand;
      grand.children.set(only.edge[0], only);
    }
    return leaf.value;
  }

  clear(): void {
    this.root = newNode([], undefined);
    this.order.clear();
  }

  /**
   * Walks `tokens[0, limit)` down the trie. `node` is the deepest node fully matched; when the match ends inside
   * the edge to one of its children, `into` is that child and `along` the tokens matched on that edge.
   */
  private descend(
    tokens: readonly number[],
    limit: number,
  ): { node: TrieNode<V>; length: number; into?: TrieNode<V>; along: number } {
    let node = this.root;
    let i = 0;
    while (i < limit) {
      const child = node.children.get(tokens[i]);
      if (!child) break;
      let m = 1;
      while (m < child.edge.length && i + m < limit && child.edge[m] === tokens[i + m]) m++;
      i += m;
      if (m < child.edge.length) return { node, length: i, into: child, along: m };
      node = child;
    }
    return { node, length: i, along: 0 };
  }

  /** Splits the edge to `child` after `at` tokens; returns the new inner node. */
  private split(child: TrieNode<V>, at: number): TrieNode<V> {
    const parent = child.parent as TrieNode<V>;
    const mid = newNode(child.edge.slice(0, at), parent);
    mid.latest = child.latest;
    child.edge = child.edge.slice(at);
    child.parent = mid;
    mid.children.set(child.edge[0], child);
    parent.children.set(mid.edge[0], mid);
    return mid;
  }

  /** Marks `leaf` most recently used, here and in every node above it. */
  private touch(leaf: TrieNode<V>): void {
    this.order.delete(leaf);
    this.order.add(leaf);
    for (let n: TrieNode<V> | undefined = leaf; n && n !== this.root; n = n.parent) n.latest = leaf;
  }
}

function newNode<V>(edge: number[], parent: TrieNode<V> | undefined): TrieNode<V> {
  return { edge, parent, children: new Map(), value: undefined, latest: undefined };
}
