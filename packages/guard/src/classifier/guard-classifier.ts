/**
 * What the classifier check needs of a classifier: its labels and label probabilities per text. `@pocketlm/core`'s
 * `Classifier` (from `createClassifier`) is one; any other source of label probabilities can stand in.
 */
export interface GuardClassifier {
  readonly info: { readonly labels: readonly string[] };
  classify(
    input: string | readonly string[],
    options?: { signal?: AbortSignal },
  ): Promise<readonly GuardClassification[]>;
}

/** One text's label probabilities, and whether the model read only part of it. */
export interface GuardClassification {
  readonly scores: Readonly<Record<string, number>>;
  readonly truncated?: boolean;
}
