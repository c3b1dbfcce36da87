/**
 * `@pocketlm/core/ort`: the onnxruntime runners every ORT backend shares (decoder-with-past, encoder, classifier),
 * written against a structural ORT API so any onnxruntime package (`onnxruntime-node`, `onnxruntime-web`) can be
 * injected. A backend brings its runtime module, session options and model store; the rest is here.
 */
export { type ClassifierIOLayout, checkClassifierIOLayout } from './classifier-io-layout.js';
export { createOrtSession, type OrtSessionEnvironment, type OrtSessionHandle } from './create-ort-session.js';
export { checkEncoderIOLayout, type EncoderIOLayout } from './encoder-io-layout.js';
export { loadOrtClassifier } from './load-ort-classifier.js';
export { loadOrtDecoder } from './load-ort-decoder.js';
export { loadOrtEncoder } from './load-ort-encoder.js';
export { loadOrtPaddedRunner } from './load-ort-padded-runner.js';
export {
  checkOnnxIOLayout,
  expectedInputNames,
  expectedOutputNames,
  type SessionIO,
} from './onnx-io-layout.js';
export { type OnnxWeightFiles, ORT_DTYPES, type OrtDType, onnxWeightFiles } from './onnx-weight-files.js';
export type {
  OrtRunResult,
  OrtRuntime,
  OrtRuntimeSource,
  OrtSession,
  OrtSessionOptions,
  OrtTensor,
  OrtTensorConstructor,
  OrtValueMetadata,
} from './ort-api.js';
export { type OrtBackendSpec, ortBackend } from './ort-backend.js';
export { OrtClassifierRunner, type OrtClassifierRunnerInit } from './ort-classifier-runner.js';
export { OrtEncoderRunner, type OrtEncoderRunnerInit } from './ort-encoder-runner.js';
export { ORT_MAX_BATCH_SIZE, OrtModelRunner, type OrtModelRunnerInit } from './ort-model-runner.js';
export { OrtPaddedRunner, type OrtPaddedRunnerInit } from './ort-padded-runner.js';
export { loadOrtRuntime, type OrtRuntimeLoader } from './ort-runtime.js';
export { type OpenedOrtSession, type OrtSessionFactory, openOrtSession } from './ort-session-factory.js';
export {
  buildPaddedBatch,
  groupByTokenCount,
  type PaddedBatch,
  runSession,
  unpadPresent,
} from './padded-batch.js';
export { checkTokenRows, type EncoderInputs, rightPaddedFeeds } from './right-padded-rows.js';
