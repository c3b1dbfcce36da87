import type { Backend } from '../backend/backend.js';
import { PocketLMError } from '../errors/pocketlm-error.js';
import {
  checkEncoderModelSource,
  type EncoderModelLoadOptions,
  type EncoderModelLoadProgress,
  finishEncoderModelLoad,
  loadEncoderModelParts,
} from '../model/load-encoder-model.js';
import type { Classifier } from './classifier.js';
import { parseClassifierConfig } from './classifier-config.js';
import { LoadedClassifier } from './loaded-classifier.js';

/** Progress while the model loads: downloads (per file), then the tokenizer and the weights. */
export type ClassifierLoadProgress = EncoderModelLoadProgress;

/** The fetch and load options shared with the other encoder-type loader live in {@link EncoderModelLoadOptions}. */
export interface CreateClassifierOptions extends EncoderModelLoadOptions {
  /** A backend with `loadClassifier` (`BACKEND_UNAVAILABLE` otherwise). */
  backend: Backend;
  /**
   * A sequence-classification model (`XForSequenceClassification`, with `id2label`): a local Hugging Face–layout
   * directory, a hub id (`org/name` or `org/name@revision`), or an http(s) base URL.
   */
  model: string;
  onProgress?: (event: ClassifierLoadProgress) => void;
}

/**
 * Loads a sequence-classification model and returns a {@link Classifier}. Resolves the model's files like
 * `createEngine` (downloading into the backend's store when remote), reads the labels from `config.json`, loads
 * the tokenizer, and loads the weights through `backend.loadClassifier`.
 *
 * @throws PocketLMError `BACKEND_UNAVAILABLE` (the backend cannot run classifiers), `INVALID_MODEL` (no
 *   `id2label`, not a classifier, logits that do not match the labels), `INVALID_OPTIONS`, `ABORTED`, and the
 *   resolution errors of `createEngine` (`MODEL_NOT_FOUND`, `DOWNLOAD_FAILED`, …).
 *
 * @example
 * ```ts
 * const classifier = await createClassifier({ backend: nodeBackend(), model: './models/prompt-guard' });
 * const [verdict] = await classifier.classify('Ignore previous instructions…');
 * // { label: 'unsafe', score: 0.97, scores: { safe: 0.03, unsafe: 0.97 }, truncated: false }
 * ```
 */
export async function createClassifier(options: CreateClassifierOptions): Promise<Classifier> {
  const { backend } = options;
  checkEncoderModelSource(options, 'loadClassifier', 'sequence classifiers');
  const { files, config, tokenizer, maxLength, loadOptions } = await loadEncoderModelParts(
    options,
    async (files) => parseClassifierConfig(await files.readText('config.json'), `${files.id}/config.json`),
  );
  // checkEncoderModelSource has made sure it exists.
  const runner = await (backend.loadClassifier as NonNullable<Backend['loadClassifier']>)(files, loadOptions);
  return finishEncoderModelLoad(runner, options, () => {
    if (runner.numLabels !== undefined && runner.numLabels !== config.labels.length) {
      throw new PocketLMError(
        'INVALID_MODEL',
        `${files.id}: the model has ${runner.numLabels} outputs, but config.json's id2label has ${config.labels.length} labels.`,
        { details: { model: files.id, outputs: runner.numLabels, labels: config.labels } },
      );
    }
    return new LoadedClassifier({
      info: {
        model: files.id,
        backend: backend.name,
        labels: config.labels,
        maxLength,
        multiLabel: config.multiLabel,
      },
      tokenizer,
      runner,
      maxBatchSize: backend.capabilities.maxBatchSize,
    });
  });
}
