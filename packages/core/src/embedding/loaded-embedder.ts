import { PocketLMError, throwIfAborted } from '../errors/pocketlm-error.js';
import type { Tokenizer } from '../tokenizer/tokenizer.js';
import type { Embedder, EmbedderInfo, EmbedOptions } from './embedder.js';
import type { EncoderRunner } from './encoder-runner.js';
import { lengthSortedBatches } from './length-sorted-batches.js';
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
export class LoadedEmbedder implements Embedder {
  readonly info: EmbedderInfo;
  private readonly tokenizer: Tokenizer;
  private readonly batchSize: number;
  private runner: EncoderRunner | undefined;
  private closed = false;
  private disposing: Promise<void> | undefined;
  /** Settles when every runner call queued so far has. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(parts: LoadedEmbedderParts) {
    this.info = parts.info;
    this.tokenizer = parts.tokenizer;
    this.runner = parts.runner;
    this.batchSize = Math.max(1, Math.floor(parts.batchSize));
  }

  async embed(input: string | readonly string[], options: EmbedOptions = {}): Promise<Float32Array[]> {
    const { signal } = options;
    this.requireRunner();
    throwIfAborted(signal);
    const texts = typeof input === 'string' ? [input] : input;
    if (!Array.isArray(texts)) {
      throw new PocketLMError('INVALID_OPTIONS', 'embed() takes a string or an array of strings.');
    }
    const rows = texts.map((text, i) => this.encode(text, i));
    const vectors = new Array<Float32Array>(rows.length);
    for (const batch of lengthSortedBatches(
      rows.map((r) => r.length),
      this.batchSize,
    )) {
      const states = await this.exclusive(() =>
        this.run(
          batch.map((i) => rows[i]),
          signal,
        ),
      );
      batch.forEach((index, j) => {
        vectors[index] = poolHiddenStates(
          states[j],
          this.info.dimensions,
          this.info.pooling,
          this.info.normalize,
        );
      });
    }
    return vectors;
  }

  countTokens(text: string): number {
    return this.tokenizer.encode(text).length;
  }

  dispose(): Promise<void> {
    this.disposing ??= (async () => {
      this.closed = true;
      // Work already handed to the runner finishes first; queued batches see `closed` and reject.
      await this.queue;
      const runner = this.runner;
      this.runner = undefined;
      await runner?.dispose();
    })();
    return this.disposing;
  }

  private requireRunner(): EncoderRunner {
    if (this.closed || !this.runner) throw new PocketLMError('DISPOSED', 'This embedder has been disposed.');
    return this.runner;
  }

  private encode(text: unknown, index: number): number[] {
    if (typeof text !== 'string') {
      throw new PocketLMError('INVALID_OPTIONS', `embed(): text ${index} is a ${typeof text}, not a string.`);
    }
    const ids = this.tokenizer.encode(text, { addSpecialTokens: true });
    if (ids.length === 0) {
      throw new PocketLMError(
        'INVALID_OPTIONS',
        `embed(): text ${index} encodes to no tokens (this tokenizer adds no special tokens to empty text).`,
      );
    }
    const max = this.info.maxLength;
    if (max === undefined || ids.length <= max) return ids;
    const frame = specialTokenFrame(ids, this.tokenizer.encode(text, { addSpecialTokens: false }));
    return truncateTokens(ids, max, frame);
  }

  /** Runs `fn` after every runner call queued before it has settled. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn);
    this.queue = run.catch(() => {});
    return run;
  }

  private async run(inputIds: number[][], signal: AbortSignal | undefined): Promise<Float32Array[]> {
    const runner = this.requireRunner();
    throwIfAborted(signal);
    const states = await runner.encode({ inputIds, signal });
    throwIfAborted(signal);
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
    return states;
  }
}
