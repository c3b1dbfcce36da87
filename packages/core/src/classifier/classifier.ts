/** One text's verdict. */
export interface ClassificationResult {
  /** The most probable label. */
  label: string;
  /** Its probability. */
  score: number;
  /** Every label's probability: a softmax over the labels, or per-label sigmoids for multi-label models. */
  scores: Record<string, number>;
  /** Whether the text was longer than the model reads, so only its first `maxLength` tokens were classified. */
  truncated: boolean;
}

export interface ClassifyOptions {
  signal?: AbortSignal;
}

/** What a classifier runs, for logs and UIs. */
export interface ClassifierInfo {
  /** The model's identity: its directory or `hub:org/name@revision`. */
  model: string;
  backend: string;
  /** `id2label`, in id order. */
  labels: readonly string[];
  /** Tokens of each text the model reads (special tokens included); longer texts are cut. Undefined: no limit. */
  maxLength: number | undefined;
  /** `problem_type: multi_label_classification`: labels are independent (sigmoid), not exclusive (softmax). */
  multiLabel: boolean;
}

/**
 * A text classifier (harmful-prompt, answerability, sentiment…) over a sequence-classification model, on any
 * backend that can load one. Create it with `createClassifier`.
 */
export interface Classifier {
  readonly info: ClassifierInfo;
  /**
   * Classifies each text, in order (one result per text). Texts are batched by length; the model sees each
   * text's special tokens (e.g. `[CLS]`), while special-token strings inside the text stay plain text.
   *
   * @throws PocketLMError `INVALID_OPTIONS` (a non-string, or a text that encodes to no tokens), `ABORTED`,
   *   `DISPOSED`, `INVALID_MODEL` (logits that do not match the labels), `BACKEND_ERROR`.
   */
  classify(input: string | readonly string[], options?: ClassifyOptions): Promise<ClassificationResult[]>;
  /** Frees the model once running work has finished; later calls reject with `DISPOSED`. */
  dispose(): Promise<void>;
}
