import type { Backend, LoadModelOptions, RequiredFile, WeightDType } from '../backend/backend.js';
import { resolveMaxLength, tokenizerMaxLength } from '../embedding/model-max-length.js';
import { PocketLMError, throwIfAborted } from '../errors/pocketlm-error.js';
import type { DownloadProgress } from '../hub/download-progress.js';
import { resolveModelFiles } from '../hub/resolve-model-files.js';
import { loadTokenizer } from '../tokenizer/load-tokenizer.js';
import type { Tokenizer } from '../tokenizer/tokenizer.js';
import type { ModelFiles } from './model-files.js';

/** Progress while an encoder-type model loads: downloads (per file), then the tokenizer and the weights. */
export type EncoderModelLoadProgress =
  | DownloadProgress
  | { type: 'load'; phase: 'tokenizer' | 'weights' | 'ready' };

/** The options `createEmbedder` and `createClassifier` share, documented once. */
export interface EncoderModelLoadOptions {
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
  signal?: AbortSignal;
}

/** Where the model is, how to fetch it, and where loading reports progress. */
export interface EncoderModelSource extends EncoderModelLoadOptions {
  backend: Backend;
  model: string;
  onProgress?: (event: EncoderModelLoadProgress) => void;
}

/** What every encoder-type model's config.json tells about its limits. */
interface EncoderModelLimits {
  maxPositionEmbeddings: number | undefined;
  vocabSize: number | undefined;
}

/**
 * Throws `BACKEND_UNAVAILABLE` unless the backend speaks specification v1 and has `loader` (named in the message
 * with `what` it runs), and `INVALID_OPTIONS` unless `model` is a non-empty string.
 */
export function checkEncoderModelSource(
  options: Pick<EncoderModelSource, 'backend' | 'model'>,
  loader: 'loadEncoder' | 'loadClassifier',
  what: string,
): void {
  const { backend } = options;
  if (backend?.specificationVersion !== 'v1') {
    throw new PocketLMError(
      'BACKEND_UNAVAILABLE',
      `The backend does not implement PocketLM backend specification v1 (got ${JSON.stringify(backend?.specificationVersion)}).`,
    );
  }
  if (typeof backend[loader] !== 'function') {
    throw new PocketLMError(
      'BACKEND_UNAVAILABLE',
      `The ${backend.name} backend cannot run ${what} (it has no ${loader}).`,
      { details: { backend: backend.name } },
    );
  }
  if (typeof options.model !== 'string' || options.model.length === 0) {
    throw new PocketLMError('INVALID_OPTIONS', '"model" must be a directory, hub id or URL.');
  }
}

/** Everything but the weights: the resolved files, the parsed config, the tokenizer and the length limit. */
export interface EncoderModelParts<C> {
  files: ModelFiles;
  config: C;
  tokenizer: Tokenizer;
  maxLength: number | undefined;
  loadOptions: LoadModelOptions;
}

/**
 * Resolves the model's files (downloading when remote, `extraFiles` as optional ones), reads its config with
 * `readConfig`, loads the tokenizer (checked against the config's vocabulary) and settles the length limit;
 * reports the `tokenizer` and `weights` phases, leaving the weights to the caller.
 */
export async function loadEncoderModelParts<C extends EncoderModelLimits>(
  options: EncoderModelSource,
  readConfig: (files: ModelFiles) => Promise<C>,
  extraFiles: readonly string[] = [],
): Promise<EncoderModelParts<C>> {
  const { backend, signal, onProgress } = options;
  const loadOptions = { dtype: options.dtype, signal };
  const files = await resolveModelFiles(options.model, {
    store: backend.store,
    requiredFiles: [
      ...backend.requiredFiles(loadOptions),
      ...extraFiles.map((name): RequiredFile => ({ name, optional: true })),
    ],
    fetch: options.fetch,
    hubUrl: options.hubUrl,
    revision: options.revision,
    integrity: options.integrity,
    offline: options.offline,
    onProgress,
    signal,
  });
  throwIfAborted(signal);
  const config = await readConfig(files);
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
  return { files, config, tokenizer, maxLength, loadOptions };
}

/**
 * Builds the loaded model from a freshly loaded runner, then reports `ready`; disposes of the runner when `build`
 * throws or the load was aborted, so a failed load leaves no session open.
 */
export async function finishEncoderModelLoad<R extends { dispose(): Promise<void> }, M>(
  runner: R,
  options: Pick<EncoderModelSource, 'signal' | 'onProgress'>,
  build: (runner: R) => M,
): Promise<M> {
  try {
    const model = build(runner);
    throwIfAborted(options.signal);
    options.onProgress?.({ type: 'load', phase: 'ready' });
    return model;
  } catch (error) {
    await runner.dispose();
    throw error;
  }
}
