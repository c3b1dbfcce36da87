/** The hyperparameters of a Llama-family model that the WASM forward pass needs. Names follow core's `ModelConfig`. */
export interface LlamaArchitecture {
  /** `config.json`'s `model_type` (`llama`, `mistral`, `qwen2`), or `llama` for a GGUF. */
  readonly modelType: string;
  readonly hiddenSize: number;
  readonly numLayers: number;
  readonly numHeads: number;
  readonly numKVHeads: number;
  readonly headDim: number;
  readonly intermediateSize: number;
  readonly ropeTheta: number;
  readonly rmsNormEps: number;
  readonly vocabSize: number;
  /** The LM head reuses the token embedding (no `lm_head.weight` / `output.weight`). */
  readonly tieWordEmbeddings: boolean;
  /** Q, K and V projections have biases (Qwen2). */
  readonly attentionBias: boolean;
  readonly maxPositionEmbeddings: number;
}

/** `model_type`s whose decoder is the plain Llama block (RMSNorm, RoPE, GQA, SwiGLU), with Qwen2's QKV bias. */
export const LLAMA_FAMILY_MODEL_TYPES: readonly string[] = ['llama', 'mistral', 'qwen2'];
