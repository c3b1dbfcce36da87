/** Stable error codes. Users branch on these, so they never change meaning. */
export type PocketLMErrorCode =
  | 'MODEL_NOT_FOUND'
  | 'INVALID_MODEL'
  | 'INVALID_CONFIG'
  | 'INVALID_OPTIONS'
  | 'CONTEXT_OVERFLOW'
  | 'MEMORY_BUDGET_EXCEEDED'
  | 'QUEUE_FULL'
  | 'ABORTED'
  | 'BACKEND_UNAVAILABLE'
  | 'BACKEND_ERROR'
  | 'DOWNLOAD_FAILED'
  | 'INTEGRITY_MISMATCH'
  | 'TOKENIZER_MISMATCH'
  | 'UNSUPPORTED_CONSTRAINT'
  /** Middleware (a guard policy) refused the request; `details` says which check and why. */
  | 'CONTENT_BLOCKED'
  /** A remote endpoint (an OpenAI-compatible server) failed, refused the request or answered with an error. */
  | 'REMOTE_ERROR'
  /** A remote endpoint or other awaited peer did not answer in time. */
  | 'TIMEOUT'
  /** Storage (a browser quota, a disk) has no room for what was asked; nothing half-written is left behind. */
  | 'STORAGE_QUOTA_EXCEEDED'
  /** The worker running an engine died; the requests it was serving cannot finish. */
  | 'WORKER_CRASHED'
  /** A request was refused by a server limit (rate, size); retry later or send less. */
  | 'RATE_LIMITED'
  | 'DISPOSED';

// A registry-wide symbol, so errors are recognised across bundles, realms and worker boundaries.
const marker = Symbol.for('pocketlm.error');

/** Root of every error PocketLM throws on purpose. Check with `PocketLMError.isInstance(e)`, not `instanceof`. */
export class PocketLMError extends Error {
  readonly [marker] = true;
  readonly code: PocketLMErrorCode;
  /** Extra structured facts (file names, sizes, limits) for logs and UIs. */
  readonly details: Record<string, unknown> | undefined;

  constructor(
    code: PocketLMErrorCode,
    message: string,
    options: { cause?: unknown; details?: Record<string, unknown> } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'PocketLMError';
    this.code = code;
    this.details = options.details;
  }

  /** True for any PocketLM error, optionally with the given code, even one from another copy of the package. */
  static isInstance(value: unknown, code?: PocketLMErrorCode): value is PocketLMError {
    if (typeof value !== 'object' || value === null) return false;
    const v = value as { [marker]?: unknown; code?: unknown };
    return v[marker] === true && (code === undefined || v.code === code);
  }

  /** A plain object that survives `postMessage` / JSON; rebuild with `PocketLMError.fromJSON`. */
  toJSON(): { name: string; code: PocketLMErrorCode; message: string; details?: Record<string, unknown> } {
    return { name: this.name, code: this.code, message: this.message, details: this.details };
  }

  static fromJSON(json: {
    code: PocketLMErrorCode;
    message: string;
    details?: Record<string, unknown>;
  }): PocketLMError {
    return new PocketLMError(json.code, json.message, { details: json.details });
  }
}

/** The error every aborted operation rejects with; keeps the signal's reason as `cause`. */
export function abortError(signal?: AbortSignal): PocketLMError {
  return new PocketLMError('ABORTED', 'The operation was aborted.', { cause: signal?.reason });
}

/** Throws `ABORTED` when the signal has fired. Call at every await point of long work. */
export function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw abortError(signal);
}
