// Moved to @pocketlm/core/ort (shared with the web backend); re-exported so this package's exports stay put.
export { ORT_MAX_BATCH_SIZE, OrtModelRunner, type OrtModelRunnerInit } from '@pocketlm/core/ort';
