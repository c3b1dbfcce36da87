export { type EncodedPayload, findPayloads, type PayloadEncoding, rot13Reading } from './find-payloads.js';
export { foldCharacters } from './fold-characters.js';
export { foldWords } from './fold-words.js';
export { type MappedText, originalRange } from './mapped-text.js';
export {
  foldText,
  type NormalizedText,
  type NormalizedView,
  type NormalizedViewKind,
  type NormalizeOptions,
  normalizeText,
} from './normalize-text.js';
