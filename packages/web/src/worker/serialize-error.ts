import { PocketLMError } from '@pocketlm/core';
import type { SerializedError } from './protocol.js';

/**
 * Turns anything thrown in the worker into a cloneable error that keeps its `code`. A PocketLMError crosses as
 * itself (`toJSON`); anything else is an unexpected failure and crosses as `BACKEND_ERROR` with its message.
 */
export function serializeError(error: unknown): SerializedError {
  if (PocketLMError.isInstance(error)) return { ...error.toJSON(), details: cloneable(error.details) };
  const message = error instanceof Error ? error.message : String(error);
  return { name: 'PocketLMError', code: 'BACKEND_ERROR', message: `The worker failed: ${message}` };
}

/** The PocketLMError a serialized error stands for, on the page side. */
export function deserializeError(error: SerializedError): PocketLMError {
  return PocketLMError.fromJSON(error);
}

/** Details usually hold plain facts; drop what structured clone would choke on (functions, class instances). */
function cloneable(details: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (details === undefined) return undefined;
  try {
    return structuredClone(details);
  } catch {
    return JSON.parse(JSON.stringify(details, (_k, v) => (typeof v === 'bigint' ? String(v) : v))) as Record<
      string,
      unknown
    >;
  }
}
