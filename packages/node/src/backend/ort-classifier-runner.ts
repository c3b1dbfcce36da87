// Moved to @pocketlm/core/ort (shared with the web backend); re-exported so this package's exports stay put.
export { OrtClassifierRunner, type OrtClassifierRunnerInit } from '@pocketlm/core/ort';
