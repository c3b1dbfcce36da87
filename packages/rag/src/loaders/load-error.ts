import { PocketLMError } from '@pocketlm/core';

/** Why a file could not be loaded; `loadFolder` reports it per skipped file. */
export type LoadFailureReason =
  /** NUL bytes or another binary signature. */
  | 'binary'
  /** Declared as text but not valid UTF-8 (or UTF-16 with a BOM). */
  | 'invalid-encoding'
  /** A PDF that pdf.js cannot parse (truncated, corrupt, encrypted). */
  | 'invalid-pdf'
  /** Larger than the caller's `maxBytes`. */
  | 'too-large'
  /** The file system refused (permissions, vanished, not a regular file). */
  | 'unreadable';

/** The error every loader throws for bad input: code `INVALID_OPTIONS`, with `details.reason` to branch on. */
export function loadError(
  reason: LoadFailureReason,
  source: string,
  message: string,
  cause?: unknown,
): PocketLMError {
  return new PocketLMError('INVALID_OPTIONS', `Cannot load ${source}: ${message}`, {
    cause,
    details: { reason, source },
  });
}

/** The `LoadFailureReason` of an error thrown by a loader, or `undefined` for anything else. */
export function loadFailureReason(error: unknown): LoadFailureReason | undefined {
  if (!PocketLMError.isInstance(error, 'INVALID_OPTIONS')) return undefined;
  const reason = error.details?.reason;
  return typeof reason === 'string' ? (reason as LoadFailureReason) : undefined;
}
