/**
 * Index of the largest value of `row` (or of its `width`-long slice starting at `offset`); the first one on ties,
 * so greedy decoding is deterministic.
 */
export function argmax(row: ArrayLike<number>, offset = 0, width = row.length - offset): number {
  let best = 0;
  let bestValue = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < width; i++) {
    const v = row[offset + i];
    if (v > bestValue) {
      bestValue = v;
      best = i;
    }
  }
  return best;
}
