import { NoSuchModelError, type ProviderV3 } from '@ai-sdk/provider';
import { type Embedder, PocketLMError, type TextGenerator } from '@pocketlm/core';
import { PocketLMEmbeddingModel } from './pocketlm-embedding-model.js';
import { PocketLMLanguageModel } from './pocketlm-language-model.js';
import type { PocketLMLanguageModelSettings } from './pocketlm-settings.js';

export interface PocketLMProviderOptions {
  /** What generates text: an `Engine` from `createEngine`, or one wrapped in middleware (`wrapEngine`). */
  generator: TextGenerator;
  /** What embeds text, for `textEmbeddingModel()`: an `Embedder` from `createEmbedder`. */
  embedder?: Embedder;
  /** Settings for every language model of this provider (each call's `providerOptions.pocketlm` wins). */
  settings?: PocketLMLanguageModelSettings;
}

/** An AI SDK provider over one in-process PocketLM engine (and optionally one embedder). */
export interface PocketLMProvider extends ProviderV3 {
  /** The language model; `modelId` only names it in logs and telemetry (default: the engine's model). */
  (modelId?: string, settings?: PocketLMLanguageModelSettings): PocketLMLanguageModel;
  languageModel(modelId?: string, settings?: PocketLMLanguageModelSettings): PocketLMLanguageModel;
  embeddingModel(modelId?: string): PocketLMEmbeddingModel;
  textEmbeddingModel(modelId?: string): PocketLMEmbeddingModel;
}

/**
 * Creates the provider. The engine is yours: create it once, share the provider, dispose the engine at the end.
 *
 * @throws PocketLMError `INVALID_OPTIONS` when `generator` has no `stream` method.
 *
 * @example
 * ```ts
 * const pocketlm = createPocketLM({ generator: await createEngine({ backend: nodeBackend(), model }) });
 * const { text } = await generateText({ model: pocketlm(), prompt: 'Hi' });
 * ```
 */
export function createPocketLM(options: PocketLMProviderOptions): PocketLMProvider {
  const generator = options?.generator;
  if (typeof generator?.stream !== 'function' || !generator.tokenizer) {
    throw new PocketLMError(
      'INVALID_OPTIONS',
      'createPocketLM needs a "generator": an Engine from createEngine(), or one wrapped with wrapEngine().',
      { details: { option: 'generator' } },
    );
  }
  const languageModel = (modelId?: string, settings?: PocketLMLanguageModelSettings) =>
    new PocketLMLanguageModel(generator, modelId ?? generator.info.model, {
      ...options.settings,
      ...settings,
    });
  const embeddingModel = (modelId?: string) => {
    if (!options.embedder) {
      throw new NoSuchModelError({
        modelId: modelId ?? 'embedding',
        modelType: 'embeddingModel',
        message: 'This PocketLM provider has no embedder: pass createPocketLM({ generator, embedder }).',
      });
    }
    return new PocketLMEmbeddingModel(options.embedder, modelId ?? options.embedder.info.model);
  };
  const provider = (modelId?: string, settings?: PocketLMLanguageModelSettings) =>
    languageModel(modelId, settings);
  return Object.assign(provider, {
    specificationVersion: 'v3' as const,
    languageModel,
    embeddingModel,
    textEmbeddingModel: embeddingModel,
    imageModel(modelId: string): never {
      throw new NoSuchModelError({ modelId, modelType: 'imageModel' });
    },
  });
}
