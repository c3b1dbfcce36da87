export { applyMask } from './apply-mask.js';
export { DfaTokenMasker, type DfaTokenMaskerOptions } from './dfa-token-masker.js';
export { type TokenDecoding, tokenDecodingOf } from './token-decoding.js';
export type { TokenTrie } from './token-trie.js';
export { TokenVocabulary, type TokenVocabularyOptions } from './token-vocabulary.js';
