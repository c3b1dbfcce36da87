import { abortError, PocketLMError, throwIfAborted } from '../errors/pocketlm-error.js';
import type { ModelStore } from '../model/model-store.js';
import { type DownloadProgress, PROGRESS_INTERVAL_BYTES } from './download-progress.js';
import { fetchWithLinkedSha256, type LinkedResponse } from './fetch-with-linked-sha256.js';

/** One file to fetch into a model store. */
export interface DownloadFileOptions {
  store: ModelStore;
  /** Model store key the file belongs to. */
  key: string;
  /** Relative file name inside the model. */
  file: string;
  url: string;
  fetch: typeof fetch;
  /** A missing optional file (404, or no network at all) is skipped instead of failing. */
  optional?: boolean;
  /** Expected lowercase hex sha256; when absent, the hub's `x-linked-etag` / `etag` is used if it is a sha256. */
  expectedSha256?: string;
  onProgress?: (event: DownloadProgress) => void;
  signal?: AbortSignal;
}

/** `downloaded`: the file is committed to the store. `skipped`: an optional file the server does not have. */
export type DownloadFileResult = 'downloaded' | 'skipped';

/**
 * Downloads one file into the store as a stream, resuming an earlier partial download with an HTTP `Range`
 * request, checking its sha256 when one is known, and committing it only once it is complete and verified.
 * A broken connection leaves the partial file in place (`DOWNLOAD_FAILED`), so a later call continues from there.
 */
export async function downloadFile(options: DownloadFileOptions): Promise<DownloadFileResult> {
  const { store, key, file, url, signal } = options;
  // Two attempts: the second one starts from scratch when the server rejects or misplaces our resume offset.
  for (let attempt = 0; ; attempt++) {
    throwIfAborted(signal);
    const resumeFrom = await store.partialSize(key, file);
    const linked = await request(options, resumeFrom);
    if (linked === undefined) return 'skipped';
    const { response } = linked;

    if (!response.ok) {
      await cancelBody(response);
      if (response.status === 416 && resumeFrom > 0 && attempt === 0) {
        // The partial is as long as (or longer than) the file: it cannot be resumed, so fetch it again whole.
        await store.discardPartial(key, file);
        continue;
      }
      if (response.status === 404 && options.optional) return 'skipped';
      throw httpError(response, file, url);
    }

    let offset = 0;
    if (response.status === 206) {
      offset = contentRangeStart(response.headers) ?? resumeFrom;
      if (offset !== resumeFrom) {
        await cancelBody(response);
        await store.discardPartial(key, file);
        if (attempt === 0) continue;
        throw new PocketLMError(
          'DOWNLOAD_FAILED',
          `${url} answered a resume request with the wrong byte range.`,
          {
            details: { file, url, requested: resumeFrom, received: offset },
          },
        );
      }
    } else if (resumeFrom > 0) {
      // The server ignored Range and sent the whole file; appending it would corrupt the partial.
      await store.discardPartial(key, file);
    }

    const total = totalSize(response, offset);
    const loaded = await streamToStore(options, response, offset, total);
    if (total !== undefined && loaded !== total) {
      if (loaded > total) await store.discardPartial(key, file);
      throw new PocketLMError(
        'DOWNLOAD_FAILED',
        `The connection closed after ${loaded} of ${total} bytes of ${file} (${url}). Run again to resume.`,
        { details: { file, url, bytesSoFar: loaded, total } },
      );
    }

    const expected = options.expectedSha256 ?? linked.sha256;
    if (expected !== undefined) {
      const actual = await store.partialSha256(key, file);
      if (actual !== expected) {
        await store.discardPartial(key, file);
        throw new PocketLMError(
          'INTEGRITY_MISMATCH',
          `${file} from ${url} has sha256 ${actual} but ${expected} was expected; the download was discarded.`,
          { details: { file, url, expected, actual } },
        );
      }
    }
    throwIfAborted(signal);
    await store.commit(key, file);
    return 'downloaded';
  }
}

/** Sends the request; undefined means an optional file could not be reached and is skipped. */
async function request(
  options: DownloadFileOptions,
  resumeFrom: number,
): Promise<LinkedResponse | undefined> {
  const { file, url, signal } = options;
  const headers: Record<string, string> = resumeFrom > 0 ? { Range: `bytes=${resumeFrom}-` } : {};
  try {
    return await fetchWithLinkedSha256(options.fetch, url, { headers, signal });
  } catch (cause) {
    if (signal?.aborted) throw abortError(signal);
    // Without a network an optional file cannot be checked for; failing the whole load for it would be worse.
    if (options.optional) return undefined;
    throw new PocketLMError('DOWNLOAD_FAILED', `Could not fetch ${file} from ${url}: ${describe(cause)}`, {
      cause,
      details: { file, url, bytesSoFar: resumeFrom },
    });
  }
}

/** Appends the body chunk by chunk to the partial file and returns the bytes the partial now holds. */
async function streamToStore(
  options: DownloadFileOptions,
  response: Response,
  offset: number,
  total: number | undefined,
): Promise<number> {
  const { store, key, file, url, signal, onProgress } = options;
  let loaded = offset;
  let reported: number | undefined;
  const report = () => {
    reported = loaded;
    onProgress?.({ type: 'download', file, loaded, total });
  };
  const reader = response.body?.getReader();
  if (reader !== undefined) {
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (cause) {
        if (signal?.aborted) throw abortError(signal);
        throw new PocketLMError(
          'DOWNLOAD_FAILED',
          `The connection broke after ${loaded} bytes of ${file} (${url}): ${describe(cause)}. Run again to resume.`,
          { cause, details: { file, url, bytesSoFar: loaded, total } },
        );
      }
      if (chunk.done) break;
      if (signal?.aborted) {
        await reader.cancel().catch(() => {});
        throw abortError(signal);
      }
      await store.appendPartial(key, file, chunk.value);
      loaded += chunk.value.byteLength;
      if (loaded - (reported ?? offset) >= PROGRESS_INTERVAL_BYTES) report();
    }
  }
  if (reported !== loaded) report();
  return loaded;
}

/** Full file size: from `Content-Range` on a resumed response, else resumed bytes plus `Content-Length`. */
function totalSize(response: Response, offset: number): number | undefined {
  const encoding = response.headers.get('content-encoding');
  // A compressed body's length says nothing about the bytes fetch hands us.
  if (encoding !== null && encoding.toLowerCase() !== 'identity') return undefined;
  if (response.status === 206) {
    const match = /\/(\d+)\s*$/.exec(response.headers.get('content-range') ?? '');
    if (match) return Number(match[1]);
  }
  const length = response.headers.get('content-length');
  return length !== null && /^\d+$/.test(length.trim()) ? offset + Number(length) : undefined;
}

function contentRangeStart(headers: Headers): number | undefined {
  const match = /^bytes\s+(\d+)-/i.exec(headers.get('content-range') ?? '');
  return match ? Number(match[1]) : undefined;
}

function httpError(response: Response, file: string, url: string): PocketLMError {
  const details = { file, url, status: response.status };
  if (response.status === 404) {
    return new PocketLMError('MODEL_NOT_FOUND', `Model file ${file} was not found (HTTP 404 from ${url}).`, {
      details,
    });
  }
  if (response.status === 401 || response.status === 403) {
    return new PocketLMError(
      'MODEL_NOT_FOUND',
      `Access to ${file} was refused (HTTP ${response.status} from ${url}). The model may be private or gated: ` +
        'check the id, accept its license on the hub, or pass a fetch that sends your access token.',
      { details },
    );
  }
  return new PocketLMError(
    'DOWNLOAD_FAILED',
    `Downloading ${file} failed with HTTP ${[response.status, response.statusText].join(' ').trim()} from ${url}.`,
    { details },
  );
}

async function cancelBody(response: Response): Promise<void> {
  // Frees the connection; a body that errors while being cancelled has nothing left to tell us.
  await response.body?.cancel().catch(() => {});
}

function describe(cause: unknown): string {
  if (cause instanceof Error) {
    const inner = cause.cause instanceof Error ? ` (${cause.cause.message})` : '';
    return cause.message + inner;
  }
  return String(cause);
}
