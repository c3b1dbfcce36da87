/**
 * Probabilities from one logits row: a softmax (exclusive labels, `single_label_classification`, the default) or a
 * sigmoid per label (`multi_label_classification`), as transformers' text-classification pipeline applies them.
 * Computed in float64 with the maximum subtracted, so large logits cannot overflow.
 */
export function labelProbabilities(logits: ArrayLike<number>, multiLabel: boolean): number[] {
  const values = Array.from(logits);
  if (multiLabel)
    return values.map((v) => (v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v))));
  const max = Math.max(...values);
  const exp = values.map((v) => Math.exp(v - max));
  const sum = exp.reduce((a, b) => a + b, 0);
  return exp.map((e) => e / sum);
}
