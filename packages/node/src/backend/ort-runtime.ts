import { PocketLMError } from '@pocketlm/core';

/**
 * The parts of `onnxruntime-node` the backend uses. Any `typeof import('onnxruntime-node')` fits, and so does a
 * test double that wraps it.
 */
export type OrtRuntime = Pick<typeof import('onnxruntime-node'), 'InferenceSession' | 'Tensor'>;

/** An ORT module, or a function that loads one (so a failing or lazy import can be injected). */
export type OrtRuntimeSource = OrtRuntime | (() => OrtRuntime | Promise<OrtRuntime>);

const installHint = 'Install it next to @pocketlm/node: `npm install onnxruntime-node`.';

// The default loader: a dynamic import keeps onnxruntime-node an optional peer until a model is actually loaded.
const importOrt = async (): Promise<OrtRuntime> => import('onnxruntime-node');

/**
 * Resolves the ORT runtime, turning any failure to load it (package missing, native binary that does not load
 * on this platform) into `BACKEND_UNAVAILABLE` with an install hint.
 */
export async function loadOrtRuntime(source: OrtRuntimeSource | undefined): Promise<OrtRuntime> {
  let ort: OrtRuntime;
  try {
    ort = source === undefined ? await importOrt() : typeof source === 'function' ? await source() : source;
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new PocketLMError(
      'BACKEND_UNAVAILABLE',
      `onnxruntime-node could not be loaded (${reason}). ${installHint}`,
      {
        cause,
      },
    );
  }
  // A module object without these is a wrong or half-installed package; say so now, not on the first forward.
  if (typeof ort?.InferenceSession?.create !== 'function' || typeof ort?.Tensor !== 'function') {
    throw new PocketLMError(
      'BACKEND_UNAVAILABLE',
      `The onnxruntime module has no InferenceSession.create or Tensor. ${installHint}`,
    );
  }
  return ort;
}
