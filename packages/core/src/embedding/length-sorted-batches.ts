/**
 * Row indices in batches of at most `size`, longest rows first. A batch also ends where a row is under half the
 * batch's longest: every row is padded to that length, and on a CPU one long text would make a batch of short
 * ones cost several times what they cost alone. The sort is stable, so equal lengths keep their order.
 * (The same policy as the classifier's batching.)
 */
export function lengthSortedBatches(lengths: readonly number[], size: number): number[][] {
  const order = lengths.map((_, i) => i).sort((a, b) => lengths[b] - lengths[a]);
  const batches: number[][] = [];
  for (const index of order) {
    const batch = batches.at(-1);
    if (batch && batch.length < size && lengths[index] * 2 >= lengths[batch[0]]) batch.push(index);
    else batches.push([index]);
  }
  return batches;
}
