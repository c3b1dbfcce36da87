/**
 * recall@k: the share of the exact top-k ids that the approximate top-k also found. When fewer than `k` exact
 * results exist, the denominator is how many there are (so a complete answer is 1.0).
 */
export function recallAtK(approx: readonly string[], exact: readonly string[], k: number): number {
  const truth = exact.slice(0, k);
  if (truth.length === 0) return 1;
  const found = new Set(approx.slice(0, k));
  return truth.filter((id) => found.has(id)).length / truth.length;
}
