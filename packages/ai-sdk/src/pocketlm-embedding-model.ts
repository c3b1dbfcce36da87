import type { EmbeddingModelV3, EmbeddingModelV3CallOptions, EmbeddingModelV3Result } from '@ai-sdk/provider';
import type { Embedder } from '@pocketlm/core';
import { sdkError } from './abort-error.js';

/**
 * A PocketLM `Embedder` (core's `createEmbedder` over an encoder model) as an AI SDK `EmbeddingModelV3`, for
 * `embed` and `embedMany`. Batching by length happens inside the embedder, so one call takes any number of values.
 */
export class PocketLMEmbeddingModel implements EmbeddingModelV3 {
  readonly specificationVersion = 'v3';
  readonly provider = 'pocketlm';
  readonly modelId: string;
  readonly maxEmbeddingsPerCall = Number.POSITIVE_INFINITY;
  /** One in-process model: parallel calls would only queue behind each other. */
  readonly supportsParallelCalls = false;
  private readonly embedder: Embedder;

  constructor(embedder: Embedder, modelId: string) {
    this.embedder = embedder;
    this.modelId = modelId;
  }

  async doEmbed(options: EmbeddingModelV3CallOptions): Promise<EmbeddingModelV3Result> {
    let vectors: Float32Array[];
    try {
      vectors = await this.embedder.embed(options.values, { signal: options.abortSignal });
    } catch (error) {
      throw sdkError(error, options.abortSignal);
    }
    // The texts' own tokens (without the model's [CLS]/[SEP]), before any cut to maxLength.
    const tokens = options.values.reduce((sum, text) => sum + this.embedder.countTokens(text), 0);
    return {
      embeddings: vectors.map((v) => Array.from(v)),
      usage: { tokens },
      warnings: [],
    };
  }
}
