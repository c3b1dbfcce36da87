/** One call's worth of texts, already tokenized. */
export interface ClassifyBatch {
  /**
   * Token ids per row, unpadded: rows may differ in length, and the runner pads and masks them (with
   * `attention_mask`). Each row is at most the model's maximum length; the core truncates before it gets here.
   */
  inputIds: number[][];
  signal?: AbortSignal;
}

/**
 * A loaded sequence-classification model (`XForSequenceClassification`): turns token rows into one logits row
 * each. What a backend returns from `Backend.loadClassifier`; labels, tokenizing and probabilities are the core's.
 */
export interface SequenceClassifierRunner {
  /** Width of a logits row, when the model declares it (undefined when its graph leaves it symbolic). */
  readonly numLabels: number | undefined;
  /** Bytes held by weights and runtime, when known. */
  readonly weightBytes?: number;
  /** The logits [numLabels] of every row, in row order. */
  classify(batch: ClassifyBatch): Promise<Float32Array[]>;
  dispose(): Promise<void>;
}
