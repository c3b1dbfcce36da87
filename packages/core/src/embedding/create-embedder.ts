import type { Backend } from '../backend/backend.js';
import { PocketLMError } from '../errors/pocketlm-error.js';
import {
  checkEncoderModelSource,
  type EncoderModelLoadOptions,
  type EncoderModelLoadProgress,
  finishEncoderModelLoad,
  loadEncoderModelParts,
} from '../model/load-encoder-model.js';
import type { ModelFiles } from '../model/model-files.js';
import type { Embedder, EmbeddingPooling } from './embedder.js';
import { parseEncoderConfig } from './encoder-config.js';
import { LoadedEmbedder } from './loaded-embedder.js';
import { POOLING_CONFIG_FILE, parsePoolingConfig } from './pooling-config.js';

/** Progress while the model loads: downloads (per file), then the tokenizer and the weights. */
export type EmbedderLoadProgress = EncoderModelLoadProgress;

/** The fetch and load options shared with the other encoder-type loader live in {@link EncoderModelLoadOptions}. */
export interface CreateEmbedderOptions extends EncoderModelLoadOptions {
  /** A backend with `loadEncoder` (`BACKEND_UNAVAILABLE` otherwise). */
  backend: Backend;
  /**
   * An encoder model exported for feature extraction (BERT / MiniLM / BGE shape, `last_hidden_state` output): a
   * local Hugging Face–layout directory, a hub id (`org/name` or `org/name@revision`), or an http(s) base URL.
   */
  model: string;
  /** Default: what the model's `1_Pooling/config.json` (sentence-transformers) says, else `mean`. */
  pooling?: EmbeddingPooling;
  /** Scale vectors to unit length (default true), so a dot product is the cosine similarity. */
  normalize?: boolean;
  /** Texts per forward call (default and maximum: the backend's `maxBatchSize`). */
  batchSize?: number;
  onProgress?: (event: EmbedderLoadProgress) => void;
}

function checkOptions(options: CreateEmbedderOptions): void {
  checkEncoderModelSource(options, 'loadEncoder', 'encoder models');
  if (options.pooling !== undefined && options.pooling !== 'mean' && options.pooling !== 'cls') {
    throw new PocketLMError(
      'INVALID_OPTIONS',
      `"pooling" must be "mean" or "cls", got ${JSON.stringify(options.pooling)}.`,
    );
  }
  if (options.normalize !== undefined && typeof options.normalize !== 'boolean') {
    throw new PocketLMError('INVALID_OPTIONS', '"normalize" must be a boolean.');
  }
  const { batchSize } = options;
  if (batchSize !== undefined && (!Number.isInteger(batchSize) || batchSize < 1)) {
    throw new PocketLMError(
      'INVALID_OPTIONS',
      `"batchSize" must be a positive integer, got ${JSON.stringify(batchSize)}.`,
    );
  }
}

/** The caller's pooling, else the model's sentence-transformers setting, else mean. */
async function resolvePooling(
  files: ModelFiles,
  requested: EmbeddingPooling | undefined,
): Promise<EmbeddingPooling> {
  if (requested !== undefined) return requested;
  if (!(await files.has(POOLING_CONFIG_FILE))) return 'mean';
  return parsePoolingConfig(await files.readText(POOLING_CONFIG_FILE), `${files.id}/${POOLING_CONFIG_FILE}`);
}

/**
 * Loads an encoder model and returns an {@link Embedder}. Resolves the model's files like `createEngine`
 * (downloading into the backend's store when remote, `1_Pooling/config.json` included when the model has one),
 * loads the tokenizer, and loads the weights through `backend.loadEncoder`.
 *
 * @throws PocketLMError `BACKEND_UNAVAILABLE` (the backend cannot run encoders), `INVALID_MODEL` (no
 *   `last_hidden_state`, a pooling mode we do not run, a width that does not match config.json), `INVALID_OPTIONS`,
 *   `ABORTED`, and the resolution errors of `createEngine` (`MODEL_NOT_FOUND`, `DOWNLOAD_FAILED`, …).
 *
 * @example
 * ```ts
 * const embedder = await createEmbedder({ backend: nodeBackend(), model: 'Xenova/all-MiniLM-L6-v2' });
 * const [query, doc] = await embedder.embed(['where is the cat?', 'The cat sleeps on the mat.']);
 * ```
 */
export async function createEmbedder(options: CreateEmbedderOptions): Promise<Embedder> {
  checkOptions(options);
  const { backend } = options;
  const { files, config, tokenizer, maxLength, loadOptions } = await loadEncoderModelParts(
    options,
    async (files) => ({
      ...parseEncoderConfig(await files.readText('config.json'), `${files.id}/config.json`),
      pooling: await resolvePooling(files, options.pooling),
    }),
    [POOLING_CONFIG_FILE],
  );
  // checkOptions has made sure it exists.
  const runner = await (backend.loadEncoder as NonNullable<Backend['loadEncoder']>)(files, loadOptions);
  return finishEncoderModelLoad(runner, options, () => {
    const declared = [runner.hiddenSize, config.hiddenSize].filter((n): n is number => n !== undefined);
    if (declared.length === 0 || declared.some((n) => n !== declared[0])) {
      throw new PocketLMError(
        'INVALID_MODEL',
        declared.length === 0
          ? `${files.id}: neither the model nor config.json ("hidden_size") says how wide its states are.`
          : `${files.id}: the model's states are ${runner.hiddenSize} wide, but config.json says ${config.hiddenSize}.`,
        { details: { model: files.id, outputs: runner.hiddenSize, hiddenSize: config.hiddenSize } },
      );
    }
    const maxBatch = Math.max(1, backend.capabilities.maxBatchSize);
    return new LoadedEmbedder({
      info: {
        model: files.id,
        backend: backend.name,
        dimensions: declared[0],
        maxLength,
        pooling: config.pooling,
        normalize: options.normalize ?? true,
      },
      tokenizer,
      runner,
      batchSize: Math.min(options.batchSize ?? maxBatch, maxBatch),
    });
  });
}
