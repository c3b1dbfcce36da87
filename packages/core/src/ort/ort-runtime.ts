import { PocketLMError } from '../errors/pocketlm-error.js';
import type { OrtRuntime, OrtRuntimeSource } from './ort-api.js';

/** How a backend names and finds its onnxruntime package, for {@link loadOrtRuntime}. */
export interface OrtRuntimeLoader<R extends OrtRuntime> {
  /** The package, for messages (`onnxruntime-node`, `onnxruntime-web`). */
  packageName: string;
  /** How to install it, appended to `BACKEND_UNAVAILABLE` messages. */
  installHint: string;
  /** The backend's default import of the package, used when no source is given. */
  importDefault: () => Promise<R>;
}

/**
 * Resolves an ORT runtime from what the user passed (a module, a loader function, or nothing for the backend's
 * default import), turning any failure to load it (package missing, native binary or wasm that does not load
 * here) into `BACKEND_UNAVAILABLE` with an install hint.
 */
export async function loadOrtRuntime<R extends OrtRuntime>(
  source: OrtRuntimeSource<R> | undefined,
  loader: OrtRuntimeLoader<R>,
): Promise<R> {
  let ort: R;
  try {
    ort =
      source === undefined
        ? await loader.importDefault()
        : typeof source === 'function'
          ? await source()
          : source;
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new PocketLMError(
      'BACKEND_UNAVAILABLE',
      `${loader.packageName} could not be loaded (${reason}). ${loader.installHint}`,
      { cause },
    );
  }
  // A module object without these is a wrong or half-installed package; say so now, not on the first forward.
  if (typeof ort?.InferenceSession?.create !== 'function' || typeof ort?.Tensor !== 'function') {
    throw new PocketLMError(
      'BACKEND_UNAVAILABLE',
      `The onnxruntime module has no InferenceSession.create or Tensor. ${loader.installHint}`,
    );
  }
  return ort;
}
