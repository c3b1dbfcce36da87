// Moved to @pocketlm/core/ort (shared with the web backend); re-exported so this package's exports stay put.
export { checkEncoderIOLayout, type EncoderIOLayout } from '@pocketlm/core/ort';
