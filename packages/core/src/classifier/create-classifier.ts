import type { Backend, WeightDType } from '../backend/backend.js';
import { resolveMaxLength, tokenizerMaxLength } from '../embedding/model-max-length.js';
import { PocketLMError, throwIfAborted } from '../errors/pocketlm-error.js';
import type { DownloadProgress } from '../hub/download-progress.js';
import { resolveModelFiles } from '../hub/resolve-model-files.js';
import { loadTokenizer } from '../tokenizer/load-tokenizer.js';
import type { Classifier } from './classifier.js';
import { parseClassifierConfig } from './classifier-config.js';
import { LoadedClassifier } from './loaded-classifier.js';

/** Progress while a classifier loads: downloads (per file), then the tokenizer and the weights. */
export type ClassifierLoadProgress =
  | DownloadProgress
  | { type: 'load'; phase: 'tokenizer' | 'weights' | 'ready' };

export interface CreateClassifierOptions {
  /** A backend with `loadClassifier` (`BACKEND_UNAVAILABLE` otherwise). */
  backend: Backend;
  /**
   * A sequence-classification model (`XForSequenceClassification`, with `id2label`): a local Hugging Face–layout
   * directory, a hub id (`org/name` or `org/name@revision`), or an http(s) base URL.
   */
  model: string;
  dtype?: WeightDType;
  /** Tokens of each text to read (default and maximum: the model's own limit); longer texts are cut. */
  maxLength?: number;
  /** Hub revision when `model` is a hub id (default `main`). */
  revision?: string;
  /** Base URL of the model hub (default https://huggingface.co), e.g. a mirror. */
  hubUrl?: string;
  /** The fetch to download with (default: the global one). */
  fetch?: typeof fetch;
  /** Expected SHA-256 (hex) per file, checked after download. */
  integrity?: Record<string, string>;
  /** Never touch the network: the model must be local or already in the store. */
  offline?: boolean;
  onProgress?: (event: ClassifierLoadProgress) => void;
  signal?: AbortSignal;
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
  const { backend, signal, onProgress } = options;
  if (backend?.specificationVersion !== 'v1') {
    throw new PocketLMError(
      'BACKEND_UNAVAILABLE',
      `The backend does not implement PocketLM backend specification v1 (got ${JSON.stringify(backend?.specificationVersion)}).`,
    );
  }
  if (typeof backend.loadClassifier !== 'function') {
    throw new PocketLMError(
      'BACKEND_UNAVAILABLE',
      `The ${backend.name} backend cannot run sequence classifiers (it has no loadClassifier).`,
      { details: { backend: backend.name } },
    );
  }
  if (typeof options.model !== 'string' || options.model.length === 0) {
    throw new PocketLMError('INVALID_OPTIONS', '"model" must be a directory, hub id or URL.');
  }
  const loadOptions = { dtype: options.dtype, signal };
  const files = await resolveModelFiles(options.model, {
    store: backend.store,
    requiredFiles: backend.requiredFiles(loadOptions),
    fetch: options.fetch,
    hubUrl: options.hubUrl,
    revision: options.revision,
    integrity: options.integrity,
    offline: options.offline,
    onProgress,
    signal,
  });
  throwIfAborted(signal);
  const config = parseClassifierConfig(await files.readText('config.json'), `${files.id}/config.json`);
  onProgress?.({ type: 'load', phase: 'tokenizer' });
  const tokenizer = await loadTokenizer(files);
  if (config.vocabSize !== undefined && tokenizer.size > config.vocabSize) {
    throw new PocketLMError(
      'INVALID_MODEL',
      `The tokenizer has ${tokenizer.size} tokens but the model's vocabulary has only ${config.vocabSize}.`,
      { details: { tokenizerSize: tokenizer.size, vocabSize: config.vocabSize } },
    );
  }
  const maxLength = resolveMaxLength(
    [config.maxPositionEmbeddings, await tokenizerMaxLength(files)],
    options.maxLength,
  );
  onProgress?.({ type: 'load', phase: 'weights' });
  const runner = await backend.loadClassifier(files, loadOptions);
  try {
    if (runner.numLabels !== undefined && runner.numLabels !== config.labels.length) {
      throw new PocketLMError(
        'INVALID_MODEL',
        `${files.id}: the model has ${runner.numLabels} outputs, but config.json's id2label has ${config.labels.length} labels.`,
        { details: { model: files.id, outputs: runner.numLabels, labels: config.labels } },
      );
    }
    throwIfAborted(signal);
    onProgress?.({ type: 'load', phase: 'ready' });
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
  } catch (error) {
    await runner.dispose();
    throw error;
  }
}
