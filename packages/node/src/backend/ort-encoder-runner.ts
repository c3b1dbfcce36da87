// Moved to @pocketlm/core/ort (shared with the web backend); re-exported so this package's exports stay put.
export { OrtEncoderRunner, type OrtEncoderRunnerInit } from '@pocketlm/core/ort';
