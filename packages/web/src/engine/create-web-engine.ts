import {
  type Backend,
  type CreateEngineOptions,
  createEngine,
  type Engine,
  PocketLMError,
  parseModelSource,
} from '@pocketlm/core';
import type { WebCapabilityReport } from '../backend/capability-report.js';
import { checksRoom, quotaCheckedFetch } from '../store/quota-checked-fetch.js';

/** What {@link createWebEngine} resolves with. */
export interface WebEngineLoad {
  engine: Engine;
  /** The web backend's device choice (undefined for a backend without `capabilityReport`). */
  capabilities: WebCapabilityReport | undefined;
  /** True when every file came from the model store and nothing was downloaded. */
  fromStore: boolean;
}

/**
 * `createEngine` for the browser: checks a download's size against the store's quota before streaming it
 * (`STORAGE_QUOTA_EXCEEDED`, with the model's partial files removed), and reports whether the model came from the
 * store and which device the backend chose. The worker engine loads through this; pages may call it directly.
 */
export async function createWebEngine(options: CreateEngineOptions): Promise<WebEngineLoad> {
  const { backend } = options;
  let downloaded = false;
  const store = backend?.store;
  const baseFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const fetch = checksRoom(store) ? quotaCheckedFetch(baseFetch, store) : baseFetch;
  const onProgress: CreateEngineOptions['onProgress'] = (event) => {
    if (event.type === 'download') downloaded = true;
    options.onProgress?.(event);
  };
  let engine: Engine;
  try {
    engine =
      (await fromStoreOnly(options, onProgress)) ?? (await createEngine({ ...options, fetch, onProgress }));
  } catch (error) {
    const quota = quotaError(error);
    if (quota === undefined) throw error;
    await forgetModel(backend, options);
    throw quota;
  }
  const report = (backend as { capabilityReport?: () => Promise<WebCapabilityReport> }).capabilityReport;
  return {
    engine,
    capabilities: report ? await report.call(backend) : undefined,
    fromStore: !downloaded,
  };
}

/**
 * Loads a model the store already holds without touching the network. Online, the downloader would ask the
 * server again for every optional file the model does not have (`onnx/model.onnx_data` of a model without
 * external weights), so a second visit would not be request-free. Undefined when the store lacks a required file.
 */
async function fromStoreOnly(
  options: CreateEngineOptions,
  onProgress: CreateEngineOptions['onProgress'],
): Promise<Engine | undefined> {
  if (options.offline) return undefined;
  let key: string;
  try {
    const source = parseModelSource(options.model, { hubUrl: options.hubUrl, revision: options.revision });
    if (source.kind === 'path') return undefined;
    key = source.cacheKey;
  } catch {
    return undefined;
  }
  if (!(await options.backend.store.list()).includes(key)) return undefined;
  try {
    return await createEngine({ ...options, offline: true, onProgress });
  } catch (error) {
    if (PocketLMError.isInstance(error, 'MODEL_NOT_FOUND')) return undefined;
    throw error;
  }
}

/** The quota error itself, whether thrown directly or wrapped by the downloader as a failed download. */
function quotaError(error: unknown): PocketLMError | undefined {
  if (PocketLMError.isInstance(error, 'STORAGE_QUOTA_EXCEEDED')) return error;
  const cause = (error as { cause?: unknown } | undefined)?.cause;
  if (
    PocketLMError.isInstance(error, 'DOWNLOAD_FAILED') &&
    PocketLMError.isInstance(cause, 'STORAGE_QUOTA_EXCEEDED')
  ) {
    return cause;
  }
  return undefined;
}

/** Removes what this load stored of a model that does not fit, so no half-stored model is left behind. */
async function forgetModel(backend: Backend, options: CreateEngineOptions): Promise<void> {
  try {
    const source = parseModelSource(options.model, { hubUrl: options.hubUrl, revision: options.revision });
    if (source.kind !== 'path') await backend.store.delete(source.cacheKey);
  } catch {
    // The quota error is what the caller needs to see; a failed cleanup must not replace it.
  }
}
