import { PocketLMError, type PocketLMErrorCode } from '@pocketlm/core';
import { HttpError } from './http-error.js';

/** HTTP status per PocketLM error code: the client's fault is 4xx, the server's or the model's is 5xx. */
const STATUS_BY_CODE: Record<PocketLMErrorCode, number> = {
  INVALID_OPTIONS: 400,
  CONTEXT_OVERFLOW: 400,
  UNSUPPORTED_CONSTRAINT: 400,
  CONTENT_BLOCKED: 400,
  // A request whose KV can never fit the budget: asking again unchanged will not help.
  MEMORY_BUDGET_EXCEEDED: 400,
  MODEL_NOT_FOUND: 404,
  RATE_LIMITED: 429,
  QUEUE_FULL: 503,
  DISPOSED: 503,
  ABORTED: 503,
  BACKEND_UNAVAILABLE: 503,
  WORKER_CRASHED: 503,
  TIMEOUT: 504,
  REMOTE_ERROR: 502,
  INVALID_MODEL: 500,
  INVALID_CONFIG: 500,
  BACKEND_ERROR: 500,
  DOWNLOAD_FAILED: 500,
  INTEGRITY_MISMATCH: 500,
  TOKENIZER_MISMATCH: 500,
  STORAGE_QUOTA_EXCEEDED: 507,
};

/** Any thrown value as the `HttpError` to answer with; unknown errors are a 500 that hides their details. */
export function toHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  if (PocketLMError.isInstance(error)) {
    const status = STATUS_BY_CODE[error.code] ?? 500;
    const option = error.details?.option;
    return new HttpError(status, error.message, {
      code: error.code,
      param: typeof option === 'string' ? snakeCase(option) : null,
      headers: status === 503 || status === 429 ? { 'Retry-After': '1' } : {},
    });
  }
  return new HttpError(500, 'The server failed while answering the request.', { code: 'BACKEND_ERROR' });
}

/** Core option names are camelCase (`maxTokens`); the OpenAI request that carried them is snake_case. */
function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}
