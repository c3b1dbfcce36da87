import type { LoadModelOptions } from '../backend/backend.js';
import type { ModelFiles } from '../model/model-files.js';
import { checkClassifierIOLayout } from './classifier-io-layout.js';
import { loadOrtPaddedRunner } from './load-ort-padded-runner.js';
import { OrtClassifierRunner } from './ort-classifier-runner.js';
import type { OrtSessionFactory } from './ort-session-factory.js';

/**
 * A backend's `loadClassifier` on ORT: opens the dtype's ONNX file (`onnx/model.onnx` for fp32) as a session and
 * checks it is a sequence-classification export. Errors are the ones `loadModel` gives for the same file:
 * `MODEL_NOT_FOUND`, `INVALID_MODEL` (truncated, not ONNX, or the wrong inputs/outputs), `BACKEND_UNAVAILABLE`,
 * `ABORTED`.
 */
export function loadOrtClassifier(
  factory: OrtSessionFactory,
  files: ModelFiles,
  loadOptions: LoadModelOptions,
): Promise<OrtClassifierRunner> {
  return loadOrtPaddedRunner(
    factory,
    files,
    loadOptions,
    checkClassifierIOLayout,
    (init) => new OrtClassifierRunner(init),
  );
}
