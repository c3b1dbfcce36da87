import { PocketLMError } from '@pocketlm/core';

/** The reason a promise rejects with, as a PocketLMError (fails the test otherwise). */
export async function rejection(promise: Promise<unknown>): Promise<PocketLMError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!PocketLMError.isInstance(error)) throw new Error(`expected a PocketLMError, got ${String(error)}`);
  return error;
}
