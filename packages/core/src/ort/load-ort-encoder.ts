import type { LoadModelOptions } from '../backend/backend.js';
import type { ModelFiles } from '../model/model-files.js';
import { checkEncoderIOLayout } from './encoder-io-layout.js';
import { loadOrtPaddedRunner } from './load-ort-padded-runner.js';
import { OrtEncoderRunner } from './ort-encoder-runner.js';
import type { OrtSessionFactory } from './ort-session-factory.js';

/**
 * A backend's `loadEncoder` on ORT: opens the dtype's ONNX file (`onnx/model.onnx` for fp32) as a session and
 * checks it is a feature-extraction export. Errors are the ones `loadModel` gives for the same file:
 * `MODEL_NOT_FOUND`, `INVALID_MODEL` (truncated, not ONNX, or the wrong inputs/outputs), `BACKEND_UNAVAILABLE`,
 * `ABORTED`.
 */
export function loadOrtEncoder(
  factory: OrtSessionFactory,
  files: ModelFiles,
  loadOptions: LoadModelOptions,
): Promise<OrtEncoderRunner> {
  return loadOrtPaddedRunner(
    factory,
    files,
    loadOptions,
    checkEncoderIOLayout,
    (init) => new OrtEncoderRunner(init),
  );
}
