import { PocketLMError, type PocketLMErrorCode } from '@pocketlm/core';
import { expect } from 'vitest';

/** Awaits `promise`, expects it to reject with a PocketLMError of `code`, and returns the error. */
export async function expectPocketError(
  promise: Promise<unknown>,
  code: PocketLMErrorCode = 'INVALID_MODEL',
): Promise<PocketLMError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(PocketLMError.isInstance(error), `expected a PocketLMError, got ${String(error)}`).toBe(true);
  expect((error as PocketLMError).code).toBe(code);
  return error as PocketLMError;
}
