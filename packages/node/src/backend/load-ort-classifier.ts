import type { LoadModelOptions, ModelFiles } from '@pocketlm/core';
import type { InferenceSession } from 'onnxruntime-node';
import { checkClassifierIOLayout } from './classifier-io-layout.js';
import { loadOrtPaddedRunner } from './load-ort-padded-runner.js';
import { OrtClassifierRunner } from './ort-classifier-runner.js';
import type { OrtRuntimeSource } from './ort-runtime.js';

/**
 * `nodeBackend().loadClassifier`: opens the dtype's ONNX file (`onnx/model.onnx` for fp32) as an ORT session and
 * checks it is a sequence-classification export. Errors are the ones `loadModel` gives for the same file:
 * `MODEL_NOT_FOUND`, `INVALID_MODEL` (truncated, not ONNX, or the wrong inputs/outputs), `BACKEND_UNAVAILABLE`,
 * `ABORTED`.
 */
export function loadOrtClassifier(
  ortSource: OrtRuntimeSource | undefined,
  sessionOptions: InferenceSession.SessionOptions,
  files: ModelFiles,
  loadOptions: LoadModelOptions,
): Promise<OrtClassifierRunner> {
  return loadOrtPaddedRunner(
    ortSource,
    sessionOptions,
    files,
    loadOptions,
    checkClassifierIOLayout,
    (init) => new OrtClassifierRunner(init),
  );
}
