import { PocketLMError } from '@pocketlm/core';
import type { OpenAIErrorBody } from './openai-wire.js';

/** Longest piece of a non-JSON error body kept in `details` (an HTML error page can be large). */
const MAX_BODY_CHARS = 500;

/**
 * The error for an HTTP error response. The body is read in the OpenAI shape (`{ error: { message, type, code } }`)
 * when it is one, as text otherwise; status, message, type and code go into `details`. A 429 is `RATE_LIMITED`
 * (with `retryAfter` seconds when the server sent them), anything else `REMOTE_ERROR`.
 */
export async function httpErrorOf(response: Response, url: string): Promise<PocketLMError> {
  const text = await response.text().catch(() => '');
  let remote: OpenAIErrorBody['error'];
  try {
    remote = (JSON.parse(text) as OpenAIErrorBody).error;
  } catch {
    remote = undefined;
  }
  const message =
    typeof remote?.message === 'string'
      ? remote.message
      : text.slice(0, MAX_BODY_CHARS) || response.statusText;
  const details: Record<string, unknown> = {
    url,
    status: response.status,
    message,
    ...(remote?.type !== undefined ? { type: remote.type } : {}),
    ...(remote?.code !== undefined && remote.code !== null ? { code: remote.code } : {}),
  };
  if (response.status === 429) {
    const retryAfter = Number(response.headers.get('retry-after'));
    if (Number.isFinite(retryAfter) && retryAfter >= 0) details.retryAfter = retryAfter;
    return new PocketLMError('RATE_LIMITED', `The remote endpoint refused the request (429): ${message}`, {
      details,
    });
  }
  return new PocketLMError('REMOTE_ERROR', `The remote endpoint answered ${response.status}: ${message}`, {
    details,
  });
}

/** A failure that is the remote's fault or the network's, not a bad answer: `REMOTE_ERROR` keeping the cause. */
export function remoteError(message: string, url: string, cause?: unknown, extra?: Record<string, unknown>) {
  return new PocketLMError('REMOTE_ERROR', message, { cause, details: { url, ...extra } });
}

/** Whether an error means the remote could not serve the request (down, slow, refusing), as opposed to an abort. */
export function isRemoteFailure(error: unknown): error is PocketLMError {
  return (
    PocketLMError.isInstance(error, 'REMOTE_ERROR') ||
    PocketLMError.isInstance(error, 'TIMEOUT') ||
    PocketLMError.isInstance(error, 'RATE_LIMITED')
  );
}
