export { PocketLMAbortError } from './abort-error.js';
export { createPocketLM, type PocketLMProvider, type PocketLMProviderOptions } from './create-pocketlm.js';
export { PocketLMEmbeddingModel } from './pocketlm-embedding-model.js';
export { PocketLMLanguageModel } from './pocketlm-language-model.js';
export type { PocketLMLanguageModelSettings } from './pocketlm-settings.js';
