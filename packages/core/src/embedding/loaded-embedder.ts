import { PocketLMError } from '../errors/pocketlm-error.js';
import { type BatchCall, LoadedEncoderModel } from '../model/loaded-encoder-model.js';
import type { Tokenizer } from '../tokenizer/tokenizer.js';
import type { Embedder, EmbedderInfo, EmbedOptions } from './embedder.js';
import type { EncoderRunner } from './encoder-runner.js';
import { poolHiddenStates } from './pool-hidden-states.js';
import { specialTokenFrame, truncateTokens } from './truncate-tokens.js';

/** What `createEmbedder` assembles. */
export interface LoadedEmbedderParts {
  info: EmbedderInfo;
  tokenizer: Tokenizer;
  runner: EncoderRunner;
  /** Rows per runner call. */
  batchSize: number;
}

/** The {@link Embedder} `createEmbedder` returns. Runner calls are serialized: one batch at a time. */
export class LoadedEmbedder extends LoadedEncoderModel<EncoderRunner> implements Embedder {
  readonly info: EmbedderInfo;
  private readonly encodeBatch: BatchCall<EncoderRunner, Float32Array> = {
    call: (runner, inputIds, signal) => runner.encode({ inputIds, signal }),
    check: (states, inputIds) => this.checkStates(states, inputIds),
  };

  constructor(parts: LoadedEmbedderParts) {
    super(parts.tokenizer, parts.runner, parts.batchSize, 'embedder', 'embed');
    this.info = parts.info;
  }

  async embed(input: string | readonly string[], options: EmbedOptions = {}): Promise<Float32Array[]> {
    const { signal } = options;
    const rows = this.texts(input, signal).map((text, i) => this.encode(text, i));
    const vectors = new Array<Float32Array>(rows.length);
    await this.forEachBatch(rows, signal, this.encodeBatch, (index, states) => {
      vectors[index] = poolHiddenStates(states, this.info.dimensions, this.info.pooling, this.info.normalize);
    });
    return vectors;
  }

  countTokens(text: string): number {
    return this.tokenizer.encode(text).length;
  }

  private encode(text: unknown, index: number): number[] {
    const ids = this.tokens(text, index);
    const max = this.info.maxLength;
    if (max === undefined || ids.length <= max) return ids;
    const frame = specialTokenFrame(ids, this.tokenizer.encode(text as string, { addSpecialTokens: false }));
    return truncateTokens(ids, max, frame);
  }

  private checkStates(states: Float32Array[], inputIds: number[][]): void {
    if (!Array.isArray(states) || states.length !== inputIds.length) {
      throw new PocketLMError(
        'BACKEND_ERROR',
        `The encoder returned ${Array.isArray(states) ? states.length : 'no'} rows of states for ${inputIds.length} texts.`,
      );
    }
    const width = this.info.dimensions;
    states.forEach((row, b) => {
      if (!(row instanceof Float32Array) || row.length !== inputIds[b].length * width) {
        throw new PocketLMError(
          'INVALID_MODEL',
          `The encoder returned ${row?.length} values for ${inputIds[b].length} tokens; expected ${width} per token.`,
          { details: { model: this.info.model, values: row?.length, tokens: inputIds[b].length, width } },
        );
      }
      // A NaN would poison every similarity it takes part in, silently.
      if (!row.every(Number.isFinite)) {
        throw new PocketLMError('BACKEND_ERROR', 'The encoder returned non-finite hidden states.', {
          details: { model: this.info.model },
        });
      }
    });
  }
}
