// Moved to @pocketlm/core/ort (shared with the web backend); re-exported so this package's exports stay put.
export { type ClassifierIOLayout, checkClassifierIOLayout } from '@pocketlm/core/ort';
