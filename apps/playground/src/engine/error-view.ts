import { PocketLMError } from '@pocketlm/core';
import type { ErrorView } from '../state/playground-state.js';

/** The banner's view of anything thrown: the SDK's stable code when there is one, and its message. */
export function errorView(error: unknown): ErrorView {
  if (PocketLMError.isInstance(error)) return { code: error.code, message: error.message };
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? { code, message: error.message } : { message: error.message };
  }
  return { message: String(error) };
}

/** A user pressing Stop is not an error: the reply simply ends. */
export function isAbort(error: unknown): boolean {
  if (PocketLMError.isInstance(error)) return error.code === 'ABORTED';
  return error instanceof DOMException && error.name === 'AbortError';
}
