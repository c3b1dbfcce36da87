/** One call's worth of texts, already tokenized (special tokens included, truncated to the model's limit). */
export interface EncodeBatch {
  /** Token ids per row, unpadded: rows may differ in length, and the runner pads and masks them. */
  inputIds: number[][];
  signal?: AbortSignal;
}

/**
 * A loaded encoder model (BERT / MiniLM / BGE shape, an Optimum `feature-extraction` export): token rows in, the
 * final hidden state of every token out. What a backend returns from `Backend.loadEncoder`; tokenizing, pooling and
 * normalizing are the core's.
 *
 * The hidden states of a row come back flat, row-major `[tokens, hiddenSize]`, for that row's own tokens only
 * (no padding): `states[b].length === inputIds[b].length * hiddenSize`, token `t`'s state at
 * `t * hiddenSize`. One typed array per row keeps allocation low and lets the core pool without masks.
 */
export interface EncoderRunner {
  /** Width of a token's state, when the model declares it (undefined when its graph leaves it symbolic). */
  readonly hiddenSize: number | undefined;
  /** Bytes held by weights and runtime, when known. */
  readonly weightBytes?: number;
  /** Each row's hidden states, flat `[tokens, hiddenSize]`, in row order. */
  encode(batch: EncodeBatch): Promise<Float32Array[]>;
  dispose(): Promise<void>;
}
