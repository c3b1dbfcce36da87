import { lengthSortedBatches } from '../embedding/length-sorted-batches.js';
import { PocketLMError, throwIfAborted } from '../errors/pocketlm-error.js';
import type { Tokenizer } from '../tokenizer/tokenizer.js';
import type { ClassificationResult, Classifier, ClassifierInfo, ClassifyOptions } from './classifier.js';
import { labelProbabilities } from './label-probabilities.js';
import type { SequenceClassifierRunner } from './sequence-classifier-runner.js';

/** What `createClassifier` assembles. */
export interface LoadedClassifierParts {
  info: ClassifierInfo;
  tokenizer: Tokenizer;
  runner: SequenceClassifierRunner;
  /** Rows per runner call (the backend's `maxBatchSize`). */
  maxBatchSize: number;
}

interface EncodedText {
  ids: number[];
  truncated: boolean;
}

/** The {@link Classifier} `createClassifier` returns. Runner calls are serialized: one batch at a time. */
export class LoadedClassifier implements Classifier {
  readonly info: ClassifierInfo;
  private readonly tokenizer: Tokenizer;
  private readonly maxBatchSize: number;
  private runner: SequenceClassifierRunner | undefined;
  private closed = false;
  private disposing: Promise<void> | undefined;
  /** Settles when every runner call queued so far has. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(parts: LoadedClassifierParts) {
    this.info = parts.info;
    this.tokenizer = parts.tokenizer;
    this.runner = parts.runner;
    this.maxBatchSize = Math.max(1, Math.floor(parts.maxBatchSize));
  }

  async classify(
    input: string | readonly string[],
    options: ClassifyOptions = {},
  ): Promise<ClassificationResult[]> {
    const { signal } = options;
    this.requireRunner();
    throwIfAborted(signal);
    const texts = typeof input === 'string' ? [input] : input;
    if (!Array.isArray(texts)) {
      throw new PocketLMError('INVALID_OPTIONS', 'classify() takes a string or an array of strings.');
    }
    const rows = texts.map((text, i) => this.encode(text, i));
    const results = new Array<ClassificationResult>(rows.length);
    for (const batch of lengthSortedBatches(
      rows.map((r) => r.ids.length),
      this.maxBatchSize,
    )) {
      const logits = await this.exclusive(() =>
        this.run(
          batch.map((i) => rows[i].ids),
          signal,
        ),
      );
      batch.forEach((index, j) => {
        results[index] = this.result(logits[j], rows[index].truncated);
      });
    }
    return results;
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

  private requireRunner(): SequenceClassifierRunner {
    if (this.closed || !this.runner)
      throw new PocketLMError('DISPOSED', 'This classifier has been disposed.');
    return this.runner;
  }

  private encode(text: unknown, index: number): EncodedText {
    if (typeof text !== 'string') {
      throw new PocketLMError(
        'INVALID_OPTIONS',
        `classify(): text ${index} is a ${typeof text}, not a string.`,
      );
    }
    const ids = this.tokenizer.encode(text, { addSpecialTokens: true });
    if (ids.length === 0) {
      throw new PocketLMError(
        'INVALID_OPTIONS',
        `classify(): text ${index} encodes to no tokens (this tokenizer adds no special tokens to empty text).`,
      );
    }
    const max = this.info.maxLength;
    // Cut at the end, as transformers' pipeline does: the model reads the first `max` tokens.
    return max !== undefined && ids.length > max
      ? { ids: ids.slice(0, max), truncated: true }
      : { ids, truncated: false };
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
    const logits = await runner.classify({ inputIds, signal });
    throwIfAborted(signal);
    if (!Array.isArray(logits) || logits.length !== inputIds.length) {
      throw new PocketLMError(
        'BACKEND_ERROR',
        `The classifier returned ${Array.isArray(logits) ? logits.length : 'no'} logits rows for ${inputIds.length} texts.`,
      );
    }
    const width = this.info.labels.length;
    for (const row of logits) {
      if (row?.length !== width) {
        throw new PocketLMError(
          'INVALID_MODEL',
          `The model returned ${row?.length} logits per text, but config.json's id2label has ${width} labels.`,
          { details: { model: this.info.model, logits: row?.length, labels: width } },
        );
      }
      // A NaN probability compares false with every threshold, which would let a guard wave the text through.
      if (!row.every(Number.isFinite)) {
        throw new PocketLMError('BACKEND_ERROR', 'The classifier returned non-finite logits.', {
          details: { model: this.info.model },
        });
      }
    }
    return logits;
  }

  private result(logits: Float32Array, truncated: boolean): ClassificationResult {
    const { labels, multiLabel } = this.info;
    const probabilities = labelProbabilities(logits, multiLabel);
    let best = 0;
    for (let i = 1; i < probabilities.length; i++) if (probabilities[i] > probabilities[best]) best = i;
    const scores: Record<string, number> = {};
    labels.forEach((label, i) => {
      scores[label] = probabilities[i];
    });
    return { label: labels[best], score: probabilities[best], scores, truncated };
  }
}
