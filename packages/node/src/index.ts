export type { NodeBackendOptions } from './backend/node-backend.js';
export { nodeBackend } from './backend/node-backend.js';
export type { NodeSessionOptions } from './backend/node-session-options.js';
export { expectedInputNames, expectedOutputNames } from './backend/onnx-io-layout.js';
export type { OrtModelRunnerInit } from './backend/ort-model-runner.js';
export { ORT_MAX_BATCH_SIZE, OrtModelRunner } from './backend/ort-model-runner.js';
export type { OrtRuntime, OrtRuntimeSource } from './backend/ort-runtime.js';

export { FileModelStore, fileModelStore } from './store/file-model-store.js';
export type { FileModelStoreOptions } from './store/file-model-store.js';
export { LocalDirectoryFiles } from './store/local-directory-files.js';
