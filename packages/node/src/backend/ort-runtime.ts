import { loadOrtRuntime as loadAnyOrtRuntime } from '@pocketlm/core/ort';

/**
 * The parts of `onnxruntime-node` the backend uses. Any `typeof import('onnxruntime-node')` fits, and so does a
 * test double that wraps it.
 */
export type OrtRuntime = Pick<typeof import('onnxruntime-node'), 'InferenceSession' | 'Tensor'>;

/** An ORT module, or a function that loads one (so a failing or lazy import can be injected). */
export type OrtRuntimeSource = OrtRuntime | (() => OrtRuntime | Promise<OrtRuntime>);

/**
 * Resolves onnxruntime-node (a dynamic import keeps it an optional peer until a model is actually loaded), turning
 * any failure to load it into `BACKEND_UNAVAILABLE` with an install hint.
 */
export function loadOrtRuntime(source: OrtRuntimeSource | undefined): Promise<OrtRuntime> {
  return loadAnyOrtRuntime(source, {
    packageName: 'onnxruntime-node',
    installHint: 'Install it next to @pocketlm/node: `npm install onnxruntime-node`.',
    importDefault: async () => import('onnxruntime-node'),
  });
}
