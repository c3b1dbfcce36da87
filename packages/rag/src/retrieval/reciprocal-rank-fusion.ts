/** One item after fusion: its summed score and its 1-based rank in each input list (undefined: absent). */
export interface FusedItem<T> {
  item: T;
  score: number;
  ranks: (number | undefined)[];
}

/**
 * Reciprocal-rank fusion (Cormack et al., 2009): score = Σ 1 / (k + rank) over the lists an item appears in.
 * Only ranks count, so BM25 scores and cosine similarities need no common scale. Ties break by the best single
 * rank, then by key, so the order is deterministic.
 */
export function reciprocalRankFusion<T>(
  lists: readonly (readonly T[])[],
  key: (item: T) => string,
  k = 60,
): FusedItem<T>[] {
  const fused = new Map<string, FusedItem<T>>();
  lists.forEach((list, l) => {
    list.forEach((item, i) => {
      const id = key(item);
      let entry = fused.get(id);
      if (!entry) {
        entry = { item, score: 0, ranks: lists.map(() => undefined) };
        fused.set(id, entry);
      }
      if (entry.ranks[l] !== undefined) return; // a duplicate within one list counts once, at its best rank
      entry.ranks[l] = i + 1;
      entry.score += 1 / (k + i + 1);
    });
  });
  const best = (e: FusedItem<T>) => Math.min(...e.ranks.map((r) => r ?? Number.POSITIVE_INFINITY));
  return [...fused.entries()]
    .sort(([ka, a], [kb, b]) => b.score - a.score || best(a) - best(b) || (ka < kb ? -1 : ka > kb ? 1 : 0))
    .map(([, e]) => e);
}
