import type { RequiredFile } from '../backend/backend.js';
import { PocketLMError, throwIfAborted } from '../errors/pocketlm-error.js';
import type { ModelFiles } from '../model/model-files.js';
import type { ModelStore } from '../model/model-store.js';
import { downloadFile } from './download-file.js';
import type { DownloadProgress } from './download-progress.js';
import { normalizeSha256 } from './integrity.js';
import { parseModelSource } from './model-source.js';

/** How `resolveModelFiles` finds, downloads and checks a model. */
export interface ResolveOptions {
  /** Where downloads are kept and local directories are opened (usually `backend.store`). */
  store: ModelStore;
  /** Weight files the backend reads (`backend.requiredFiles(options)`), on top of config and tokenizer. */
  requiredFiles: RequiredFile[];
  /** The fetch to use (for auth headers, proxies or tests); default the global fetch. */
  fetch?: typeof fetch;
  /** Hub base URL; default `https://huggingface.co`. */
  hubUrl?: string;
  /** Hub revision when the source names none with `@revision`; default `main`. */
  revision?: string;
  /** Expected sha256 (hex) per file name; checked after download, overriding the hub's own etag. */
  integrity?: Record<string, string>;
  onProgress?: (event: DownloadProgress) => void;
  signal?: AbortSignal;
  /** Never touch the network: use what the store holds, and fail for required files it does not. */
  offline?: boolean;
}

/** Files every model needs besides its weights; the optional ones are used when the model has them. */
export const MODEL_METADATA_FILES: readonly RequiredFile[] = [
  { name: 'config.json' },
  { name: 'tokenizer.json' },
  { name: 'tokenizer_config.json', optional: true },
  { name: 'generation_config.json', optional: true },
];

/**
 * Turns a model source into readable files: a local directory is used in place; a hub id (`org/name@revision`)
 * or an `http(s)://` base URL is downloaded into `options.store`, reusing files already there, resuming partial
 * downloads and verifying sha256 checksums. Throws `MODEL_NOT_FOUND`, `DOWNLOAD_FAILED`, `INTEGRITY_MISMATCH`
 * or `ABORTED`.
 */
export async function resolveModelFiles(source: string, options: ResolveOptions): Promise<ModelFiles> {
  const { store, signal } = options;
  throwIfAborted(signal);
  const wanted = wantedFiles(options.requiredFiles);

  const local = await store.openLocal(source);
  if (local !== undefined) {
    await checkLocalFiles(local, wanted);
    return local;
  }

  const parsed = parseModelSource(source, options);
  if (parsed.kind === 'path') {
    throw new PocketLMError('MODEL_NOT_FOUND', `Model directory "${parsed.path}" does not exist.`, {
      details: { source, path: parsed.path },
    });
  }

  const integrity = normalizeIntegrity(options.integrity);
  const key = parsed.cacheKey;
  const userFetch = options.fetch ?? globalThis.fetch;
  // Called as a plain function: a browser's fetch throws "Illegal invocation" when called as another object's method.
  const fetchFile: typeof fetch = (input, init) => userFetch(input, init);

  for (const { name, optional } of wanted) {
    throwIfAborted(signal);
    if (await store.has(key, name)) {
      options.onProgress?.({ type: 'cached', file: name });
      continue;
    }
    if (options.offline) {
      if (optional) continue;
      throw new PocketLMError(
        'MODEL_NOT_FOUND',
        `${name} of ${parsed.id} is not cached, and downloads are off (offline). Load it once while online.`,
        { details: { source, file: name, key } },
      );
    }
    await downloadFile({
      store,
      key,
      file: name,
      url: parsed.fileUrl(name),
      fetch: fetchFile,
      optional,
      expectedSha256: integrity[name],
      onProgress: options.onProgress,
      signal,
    });
  }
  return withId(store.files(key), parsed.id);
}

/** Metadata files plus the backend's, each once; a file is optional only if every mention of it says so. */
function wantedFiles(requiredFiles: RequiredFile[]): RequiredFile[] {
  const optional = new Map<string, boolean>();
  for (const f of [...MODEL_METADATA_FILES, ...requiredFiles]) {
    optional.set(f.name, (optional.get(f.name) ?? true) && f.optional === true);
  }
  return [...optional].map(([name, isOptional]) => (isOptional ? { name, optional: true } : { name }));
}

/** Fails early with every missing file named, instead of deep inside a backend's loader. */
async function checkLocalFiles(files: ModelFiles, wanted: RequiredFile[]): Promise<void> {
  const missing: string[] = [];
  for (const f of wanted) {
    if (!f.optional && !(await files.has(f.name))) missing.push(f.name);
  }
  if (missing.length > 0) {
    throw new PocketLMError(
      'MODEL_NOT_FOUND',
      `Model directory ${files.id} is missing ${missing.join(', ')}.`,
      {
        details: { source: files.id, missing },
      },
    );
  }
}

function normalizeIntegrity(integrity: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [file, value] of Object.entries(integrity ?? {})) {
    const hex = normalizeSha256(value);
    // A malformed hash would otherwise be silently ignored, leaving the file unchecked.
    if (hex === undefined) {
      throw new PocketLMError(
        'INVALID_OPTIONS',
        `integrity["${file}"] is not a sha256 hex digest: "${value}".`,
        {
          details: { file, value },
        },
      );
    }
    out[file] = hex;
  }
  return out;
}

/** The store's view of the files under the model's own identity (`hub:org/name@rev`), not the cache folder. */
function withId(files: ModelFiles, id: string): ModelFiles {
  const localPath = files.localPath?.bind(files);
  const readRange = files.readRange?.bind(files);
  return {
    id,
    has: (name) => files.has(name),
    readText: (name) => files.readText(name),
    readBytes: (name) => files.readBytes(name),
    size: (name) => files.size(name),
    ...(localPath ? { localPath } : {}),
    ...(readRange ? { readRange } : {}),
  };
}
