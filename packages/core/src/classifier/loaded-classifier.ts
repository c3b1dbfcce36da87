import { PocketLMError } from '../errors/pocketlm-error.js';
import { type BatchCall, LoadedEncoderModel } from '../model/loaded-encoder-model.js';
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
export class LoadedClassifier extends LoadedEncoderModel<SequenceClassifierRunner> implements Classifier {
  readonly info: ClassifierInfo;
  private readonly classifyBatch: BatchCall<SequenceClassifierRunner, Float32Array> = {
    call: (runner, inputIds, signal) => runner.classify({ inputIds, signal }),
    check: (logits, inputIds) => this.checkLogits(logits, inputIds),
  };

  constructor(parts: LoadedClassifierParts) {
    super(parts.tokenizer, parts.runner, parts.maxBatchSize, 'classifier', 'classify');
    this.info = parts.info;
  }

  async classify(
    input: string | readonly string[],
    options: ClassifyOptions = {},
  ): Promise<ClassificationResult[]> {
    const { signal } = options;
    const rows = this.texts(input, signal).map((text, i) => this.encode(text, i));
    const results = new Array<ClassificationResult>(rows.length);
    await this.forEachBatch(
      rows.map((r) => r.ids),
      signal,
      this.classifyBatch,
      (index, logits) => {
        results[index] = this.result(logits, rows[index].truncated);
      },
    );
    return results;
  }

  private encode(text: unknown, index: number): EncodedText {
    const ids = this.tokens(text, index);
    const max = this.info.maxLength;
    // Cut at the end, as transformers' pipeline does: the model reads the first `max` tokens.
    return max !== undefined && ids.length > max
      ? { ids: ids.slice(0, max), truncated: true }
      : { ids, truncated: false };
  }

  private checkLogits(logits: Float32Array[], inputIds: number[][]): void {
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
