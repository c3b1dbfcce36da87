import { lengthSortedBatches } from '../embedding/length-sorted-batches.js';
import { PocketLMError, throwIfAborted } from '../errors/pocketlm-error.js';
import type { Tokenizer } from '../tokenizer/tokenizer.js';

/** What a loaded encoder-type model needs of its runner beyond the call it makes. */
export interface DisposableRunner {
  dispose(): Promise<void>;
}

/** One runner call on a batch of token rows, and the check of what it returned. */
export interface BatchCall<R, T> {
  call(runner: R, inputIds: number[][], signal: AbortSignal | undefined): Promise<T[]>;
  /** Throws when the runner's output does not fit `inputIds`; runs after the abort check. */
  check(output: T[], inputIds: number[][]): void;
}

/**
 * The common part of the embedder and the classifier: text checks, length-sorted batching and serialized runner
 * calls (one batch at a time), and a dispose that lets running work finish. `kind` and `method` name the model and
 * its call in error messages ("This embedder has been disposed.", "embed() takes …").
 */
export abstract class LoadedEncoderModel<R extends DisposableRunner> {
  protected readonly tokenizer: Tokenizer;
  private readonly batchSize: number;
  private runner: R | undefined;
  private closed = false;
  private disposing: Promise<void> | undefined;
  /** Settles when every runner call queued so far has. */
  private queue: Promise<unknown> = Promise.resolve();

  protected constructor(
    tokenizer: Tokenizer,
    runner: R,
    batchSize: number,
    private readonly kind: string,
    private readonly method: string,
  ) {
    this.tokenizer = tokenizer;
    this.runner = runner;
    this.batchSize = Math.max(1, Math.floor(batchSize));
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

  /** The texts of a call: one string or an array of them; throws when disposed or aborted. */
  protected texts(input: string | readonly string[], signal: AbortSignal | undefined): readonly unknown[] {
    this.requireRunner();
    throwIfAborted(signal);
    const texts = typeof input === 'string' ? [input] : input;
    if (!Array.isArray(texts)) {
      throw new PocketLMError('INVALID_OPTIONS', `${this.method}() takes a string or an array of strings.`);
    }
    return texts;
  }

  /** Text `index` with its special tokens; throws for a non-string or a text that encodes to nothing. */
  protected tokens(text: unknown, index: number): number[] {
    if (typeof text !== 'string') {
      throw new PocketLMError(
        'INVALID_OPTIONS',
        `${this.method}(): text ${index} is a ${typeof text}, not a string.`,
      );
    }
    const ids = this.tokenizer.encode(text, { addSpecialTokens: true });
    if (ids.length === 0) {
      throw new PocketLMError(
        'INVALID_OPTIONS',
        `${this.method}(): text ${index} encodes to no tokens (this tokenizer adds no special tokens to empty text).`,
      );
    }
    return ids;
  }

  /** Runs `rows` through the runner in length-sorted batches, one call at a time, handing each row's output to `use`. */
  protected async forEachBatch<T>(
    rows: number[][],
    signal: AbortSignal | undefined,
    batchCall: BatchCall<R, T>,
    use: (index: number, output: T) => void,
  ): Promise<void> {
    for (const batch of lengthSortedBatches(
      rows.map((r) => r.length),
      this.batchSize,
    )) {
      const output = await this.exclusive(() =>
        this.run(
          batch.map((i) => rows[i]),
          signal,
          batchCall,
        ),
      );
      batch.forEach((index, j) => {
        use(index, output[j]);
      });
    }
  }

  private requireRunner(): R {
    if (this.closed || !this.runner) {
      throw new PocketLMError('DISPOSED', `This ${this.kind} has been disposed.`);
    }
    return this.runner;
  }

  /** Runs `fn` after every runner call queued before it has settled. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn);
    this.queue = run.catch(() => {});
    return run;
  }

  private async run<T>(
    inputIds: number[][],
    signal: AbortSignal | undefined,
    batchCall: BatchCall<R, T>,
  ): Promise<T[]> {
    const runner = this.requireRunner();
    throwIfAborted(signal);
    const output = await batchCall.call(runner, inputIds, signal);
    throwIfAborted(signal);
    batchCall.check(output, inputIds);
    return output;
  }
}
