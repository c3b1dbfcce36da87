// Moved to @pocketlm/core/ort (shared with the web backend); re-exported so this package's exports stay put.
export {
  checkOnnxIOLayout,
  expectedInputNames,
  expectedOutputNames,
  type SessionIO,
} from '@pocketlm/core/ort';
