import type { KVCache, KVCacheLayout } from '../kv-cache/kv-cache.js';
import type { ModelConfig } from '../model/model-config.js';

/** One sequence's share of a forward pass. */
export interface ForwardSequence {
  /** New token ids to run. */
  tokens: ArrayLike<number>;
  /** RoPE position of each new token. */
  positions: ArrayLike<number>;
  /** The sequence's cache: the runner attends over what it holds, then appends the new tokens' keys and values. */
  cache: KVCache;
  /** Which logits to return: only for the last new token (decoding), or for every new token (scoring, drafts). */
  logits: 'last' | 'all';
}

export interface ForwardBatch {
  sequences: ForwardSequence[];
  signal?: AbortSignal;
}

export interface ForwardResult {
  /** Per sequence, row-major [rows, vocabSize] where rows is 1 for `last` or the number of new tokens for `all`. */
  logits: Float32Array[];
}

/** A loaded model: turns token batches into logits. It never decides what stays in the KV cache. */
export interface ModelRunner {
  readonly config: ModelConfig;
  /** Width of a logits row (the model's, padded, vocabulary). */
  readonly vocabSize: number;
  readonly kvLayout: KVCacheLayout;
  /** Bytes held by weights and runtime, when known. */
  readonly weightBytes?: number;
  forward(batch: ForwardBatch): Promise<ForwardResult>;
  dispose(): Promise<void>;
}
