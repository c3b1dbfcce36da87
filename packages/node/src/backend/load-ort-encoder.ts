import type { LoadModelOptions, ModelFiles } from '@pocketlm/core';
import type { InferenceSession } from 'onnxruntime-node';
import { checkEncoderIOLayout } from './encoder-io-layout.js';
import { loadOrtPaddedRunner } from './load-ort-padded-runner.js';
import { OrtEncoderRunner } from './ort-encoder-runner.js';
import type { OrtRuntimeSource } from './ort-runtime.js';

/**
 * `nodeBackend().loadEncoder`: opens the dtype's ONNX file (`onnx/model.onnx` for fp32) as an ORT session and
 * checks it is a feature-extraction export. Errors are the ones `loadModel` gives for the same file:
 * `MODEL_NOT_FOUND`, `INVALID_MODEL` (truncated, not ONNX, no `last_hidden_state`), `BACKEND_UNAVAILABLE`,
 * `ABORTED`.
 */
export function loadOrtEncoder(
  ortSource: OrtRuntimeSource | undefined,
  sessionOptions: InferenceSession.SessionOptions,
  files: ModelFiles,
  loadOptions: LoadModelOptions,
): Promise<OrtEncoderRunner> {
  return loadOrtPaddedRunner(
    ortSource,
    sessionOptions,
    files,
    loadOptions,
    checkEncoderIOLayout,
    (init) => new OrtEncoderRunner(init),
  );
}
