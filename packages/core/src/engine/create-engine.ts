import type { Backend, WeightDType } from '../backend/backend.js';
import type { ModelRunner } from '../backend/model-runner.js';
import { createConstraintFactory } from '../constraints/create-constraint-factory.js';
import { PocketLMError, throwIfAborted } from '../errors/pocketlm-error.js';
import type { DownloadProgress } from '../hub/download-progress.js';
import { resolveModelFiles } from '../hub/resolve-model-files.js';
import type { KVCachePolicy } from '../kv-cache/kv-cache-policy.js';
import { validateKVCachePolicy } from '../kv-cache/kv-cache-policy.js';
import { PrefixCache } from '../kv-cache/prefix-cache.js';
import { parseModelConfig } from '../model/model-config.js';
import { type DraftModelOptions, loadDraftModel } from '../speculative/load-draft-model.js';
import { loadTokenizer } from '../tokenizer/load-tokenizer.js';
import { createScheduler, type SchedulingOptions } from './create-scheduler.js';
import { Engine } from './engine.js';
import type { GenerateOptions } from './generate-options.js';

/** Bytes of KV the prefix cache keeps by default. */
export const DEFAULT_PREFIX_CACHE_BYTES = 64 * 2 ** 20;

/** The default prefix cache size: 64 MiB, or under a memory budget at most a quarter of what weights leave. */
function defaultPrefixCacheBytes(budget: number | undefined, weightBytes = 0): number {
  if (budget === undefined) return DEFAULT_PREFIX_CACHE_BYTES;
  return Math.max(0, Math.min(DEFAULT_PREFIX_CACHE_BYTES, Math.floor((budget - weightBytes) / 4)));
}

/** Progress while an engine loads: downloads (per file), then the backend loading weights. */
export type EngineLoadProgress =
  | DownloadProgress
  | { type: 'load'; phase: 'tokenizer' | 'weights' | 'ready' };

export interface CreateEngineOptions extends SchedulingOptions {
  backend: Backend;
  /** A local Hugging Face–layout directory, a hub id (`org/name` or `org/name@revision`), or an http(s) base URL. */
  model: string;
  dtype?: WeightDType;
  /** Tokens of context to allow (default and maximum: the model's `max_position_embeddings`). */
  contextLength?: number;
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
  /** Defaults for every request (sampling, maxTokens, stop…). */
  defaults?: GenerateOptions;
  /**
   * A draft model for speculative decoding, e.g. `{ dtype: 'q4' }` for a 4-bit copy of `model`. Requests then use
   * draft-model speculation unless `defaults.speculative` or the request says otherwise. Its tokenizer must match
   * (`TOKENIZER_MISMATCH` otherwise).
   */
  draft?: DraftModelOptions;
  /**
   * Automatic prefix caching: the KV of earlier prompts (and of finished replies) is kept, up to `maxBytes`, so a
   * request or chat that starts the same way (a shared system prompt, earlier turns, few-shot examples) only
   * computes the tokens that differ. Default `{ maxBytes: 64 MiB }` (under a memory budget, at most a quarter of what the weights leave); `false` turns it off. Under a memory budget
   * its `maxBytes` is reserved up front. Requests and chats with their own `kvCache` policy do not share it.
   */
  prefixCache?: { maxBytes: number } | false;
  /** How KV caches keep tokens unless a request or chat chooses otherwise (default `{ type: 'full' }`). */
  kvCache?: KVCachePolicy;
  onProgress?: (event: EngineLoadProgress) => void;
  signal?: AbortSignal;
}

/**
 * Loads a model and returns an engine. Resolves the model's files (downloading into the backend's store when
 * remote), loads the tokenizer, loads the weights through the backend, and checks that they agree.
 */
export async function createEngine(options: CreateEngineOptions): Promise<Engine> {
  const { backend, signal, onProgress } = options;
  if (backend?.specificationVersion !== 'v1') {
    throw new PocketLMError(
      'BACKEND_UNAVAILABLE',
      `The backend does not implement PocketLM backend specification v1 (got ${JSON.stringify(backend?.specificationVersion)}).`,
    );
  }
  if (typeof options.model !== 'string' || options.model.length === 0) {
    throw new PocketLMError('INVALID_OPTIONS', '"model" must be a directory, hub id or URL.');
  }
  const kvCache = options.kvCache === undefined ? undefined : validateKVCachePolicy(options.kvCache);
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
  const config = parseModelConfig(await files.readText('config.json'), `${files.id}/config.json`);
  onProgress?.({ type: 'load', phase: 'tokenizer' });
  const tokenizer = await loadTokenizer(files);
  onProgress?.({ type: 'load', phase: 'weights' });
  const runner = await backend.loadModel(files, loadOptions);
  let draftRunner: ModelRunner | undefined;
  try {
    if (tokenizer.size > runner.vocabSize) {
      throw new PocketLMError(
        'INVALID_MODEL',
        `The tokenizer has ${tokenizer.size} tokens but the model's vocabulary has only ${runner.vocabSize}.`,
        { details: { tokenizerSize: tokenizer.size, vocabSize: runner.vocabSize } },
      );
    }
    const maxContext = config.maxPositionEmbeddings;
    const contextLength = options.contextLength ?? maxContext;
    if (!Number.isInteger(contextLength) || contextLength < 2 || contextLength > maxContext) {
      throw new PocketLMError(
        'INVALID_OPTIONS',
        `"contextLength" must be an integer from 2 to the model's ${maxContext}, got ${JSON.stringify(options.contextLength)}.`,
      );
    }
    const tokenizerJson = await files.readText('tokenizer.json');
    if (options.draft) {
      draftRunner = await loadDraftModel(options.draft, {
        model: options.model,
        backend,
        tokenizer,
        tokenizerJson,
        fetch: options.fetch,
        hubUrl: options.hubUrl,
        offline: options.offline,
        onProgress,
        signal,
      });
    }
    throwIfAborted(signal);
    onProgress?.({ type: 'load', phase: 'ready' });
    const prefixCache =
      options.prefixCache === false
        ? undefined
        : new PrefixCache({
            maxBytes:
              options.prefixCache?.maxBytes ??
              defaultPrefixCacheBytes(options.memoryBudgetBytes, runner.weightBytes),
          });
    return new Engine({
      info: {
        model: files.id,
        backend: backend.name,
        dtype: options.dtype,
        contextLength,
        vocabSize: runner.vocabSize,
        numLayers: config.numLayers,
      },
      backend,
      runner,
      tokenizer,
      defaults:
        options.draft && options.defaults?.speculative === undefined
          ? { ...options.defaults, speculative: { type: 'draft-model' } }
          : options.defaults,
      draftRunner,
      prefixCache,
      constraints: createConstraintFactory({
        tokenizerJson: () => JSON.parse(tokenizerJson),
        width: tokenizer.size,
        eosIds: tokenizer.eosTokenIds,
      }),
      kvCache,
      scheduler: createScheduler(
        runner,
        backend.capabilities,
        kvCache ?? { type: 'full' },
        options,
        (draftRunner?.weightBytes ?? 0) + (prefixCache?.maxBytes ?? 0),
      ),
    });
  } catch (error) {
    await draftRunner?.dispose();
    await runner.dispose();
    throw error;
  }
}
