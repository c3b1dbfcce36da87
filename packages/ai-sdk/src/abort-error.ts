import { PocketLMError } from '@pocketlm/core';

/**
 * What an aborted call rejects with: an `Error` named `AbortError`, the name the AI SDK (and `fetch`) use, so
 * `streamText` reports an `abort` part and calls `onAbort` instead of treating it as a failure. PocketLM's own
 * `ABORTED` error stays reachable as `cause`, and `code` is `ABORTED` as on every PocketLM error.
 */
export class PocketLMAbortError extends Error {
  readonly code = 'ABORTED';

  constructor(cause: unknown) {
    super('The PocketLM generation was aborted.', { cause });
    this.name = 'AbortError';
  }
}

/** The error to hand the AI SDK: abort errors renamed as above, every other error as it is. */
export function sdkError(error: unknown, signal: AbortSignal | undefined): unknown {
  if (PocketLMError.isInstance(error, 'ABORTED') || (signal?.aborted && !PocketLMError.isInstance(error))) {
    return new PocketLMAbortError(error);
  }
  return error;
}
