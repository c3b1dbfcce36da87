/**
 * A byte trie of a vocabulary in preorder, flat: node i reads byte `node[i] & 0xff` at depth `node[i] >> 8`
 * (1 = first byte) and its subtree ends just before node `skip[i]`. `token[i]` is the token whose bytes end
 * at node i, -1 for none, or `-2 - k` when several do (ids with identical bytes): they are `shared[k]`. A
 * masker walks it front to back, stepping each node's byte from its parent's state, and jumps to `skip[i]`
 * when the state is dead: shared prefixes are stepped once and a dead prefix prunes every token under it. One
 * packed word per node keeps the walk, which visits every live node, to few memory reads.
 */
export interface TokenTrie {
  readonly nodeCount: number;
  readonly node: Int32Array;
  readonly skip: Int32Array;
  readonly token: Int32Array;
  readonly shared: readonly Int32Array[];
  readonly maxDepth: number;
}

/** Builds the trie of every token with at least one byte (`undefined` and empty tokens are left out). */
export function buildTokenTrie(tokens: readonly (Uint8Array | undefined)[]): TokenTrie {
  const ids: number[] = [];
  for (let id = 0; id < tokens.length; id++) if ((tokens[id]?.length ?? 0) > 0) ids.push(id);
  // Sorted, a token comes right before the tokens it prefixes, so each node is made when first reached.
  ids.sort((a, b) => compareBytes(tokens[a]!, tokens[b]!) || a - b);

  const node: number[] = [];
  const tokensAt: number[][] = [];
  const path: number[] = []; // path[d] = node at depth d + 1 on the current token's path
  let previous: Uint8Array = new Uint8Array(0);
  let maxDepth = 0;
  for (const id of ids) {
    const bytes = tokens[id]!;
    let common = 0;
    while (common < previous.length && common < bytes.length && previous[common] === bytes[common]) common++;
    for (let d = common; d < bytes.length; d++) {
      path[d] = node.length;
      node.push(((d + 1) << 8) | bytes[d]);
      tokensAt.push([]);
    }
    tokensAt[path[bytes.length - 1]].push(id);
    maxDepth = Math.max(maxDepth, bytes.length);
    previous = bytes;
  }

  const nodeCount = node.length;
  const shared: Int32Array[] = [];
  const token = new Int32Array(nodeCount);
  for (let i = 0; i < nodeCount; i++) {
    const at = tokensAt[i];
    if (at.length <= 1) token[i] = at.length === 0 ? -1 : at[0];
    else token[i] = -2 - (shared.push(Int32Array.from(at)) - 1);
  }

  // A subtree ends at the next node no deeper than its root.
  const skip = new Int32Array(nodeCount);
  const open: number[] = [];
  for (let i = 0; i < nodeCount; i++) {
    while (open.length > 0 && node[open[open.length - 1]] >> 8 >= node[i] >> 8) skip[open.pop()!] = i;
    open.push(i);
  }
  for (const i of open) skip[i] = nodeCount;

  return { nodeCount, node: Int32Array.from(node), skip, token, shared, maxDepth };
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}
