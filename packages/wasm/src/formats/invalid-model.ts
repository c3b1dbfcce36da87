import { PocketLMError } from '@pocketlm/core';

/**
 * The error for a weight file that is broken, lies about itself, or holds something this backend cannot run
 * (`details.unsupported` says what). Always names the file, so a user with several weight files knows which one.
 */
export function invalidModel(
  file: string,
  message: string,
  details: Record<string, unknown> = {},
): PocketLMError {
  return new PocketLMError('INVALID_MODEL', `${file}: ${message}`, { details: { file, ...details } });
}

/** Throws `INVALID_MODEL` for a file too short for what its header promised. */
export function truncated(file: string, expected: string, needed: number, size: number): PocketLMError {
  return invalidModel(
    file,
    `the file is truncated: expected ${expected} up to byte ${needed}, but it has ${size} bytes.`,
    { expected, needed, size },
  );
}
