import { type ModelFiles, parseModelConfig } from '@pocketlm/core';
import { FileBytes } from './file-bytes.js';
import { ggufArchitecture } from './gguf/gguf-architecture.js';
import type { GgufWeightSource } from './gguf/gguf-source.js';
import { readGgufHeader } from './gguf/read-gguf-header.js';
import { invalidModel } from './invalid-model.js';
import { LLAMA_FAMILY_MODEL_TYPES, type LlamaArchitecture } from './llama-architecture.js';
import { isGgufFile, type OpenWeightSourceOptions, resolveWeightFile } from './open-weight-source.js';
import type { WeightSource } from './weight-source.js';

/** Options of {@link readArchitecture}. */
export interface ReadArchitectureOptions extends OpenWeightSourceOptions {
  /** An already open source of the same file: a GGUF's metadata is then taken from it instead of read again. */
  source?: WeightSource;
}

/**
 * The Llama-family hyperparameters of a model: from a GGUF's `llama.*` metadata when the weight file
 * ({@link resolveWeightFile}) is a GGUF, else from `config.json` (core's `parseModelConfig`). Rejects
 * `INVALID_CONFIG` for a malformed `config.json` and `INVALID_MODEL` (`details.unsupported: 'architecture'`) for a
 * model that is not Llama-family.
 */
export async function readArchitecture(
  files: ModelFiles,
  options: ReadArchitectureOptions = {},
): Promise<LlamaArchitecture> {
  const file = options.source?.file ?? (await resolveWeightFile(files, options));
  if (isGgufFile(file)) {
    if (options.source?.format === 'gguf')
      return ggufArchitecture(file, (options.source as GgufWeightSource).header);
    const bytes = await FileBytes.open(files, file);
    try {
      return ggufArchitecture(file, await readGgufHeader(bytes));
    } finally {
      bytes.close();
    }
  }
  return configArchitecture(await files.readText('config.json'));
}

/** The architecture in `config.json` text; only Llama-family `model_type`s are accepted. */
export function configArchitecture(text: string): LlamaArchitecture {
  const config = parseModelConfig(text);
  if (!LLAMA_FAMILY_MODEL_TYPES.includes(config.modelType)) {
    throw invalidModel(
      'config.json',
      `model_type "${config.modelType}" is not Llama-family; this backend runs ${LLAMA_FAMILY_MODEL_TYPES.join(', ')}.`,
      { modelType: config.modelType, unsupported: 'architecture' },
    );
  }
  return {
    modelType: config.modelType,
    hiddenSize: config.hiddenSize,
    numLayers: config.numLayers,
    numHeads: config.numHeads,
    numKVHeads: config.numKVHeads,
    headDim: config.headDim,
    intermediateSize: config.intermediateSize,
    ropeTheta: config.ropeTheta,
    rmsNormEps: config.rmsNormEps,
    vocabSize: config.vocabSize,
    tieWordEmbeddings: config.tieWordEmbeddings,
    // Qwen2 always has Q/K/V biases; Llama and Mistral have them only when the config says so.
    attentionBias: config.modelType === 'qwen2' || config.raw.attention_bias === true,
    maxPositionEmbeddings: config.maxPositionEmbeddings,
  };
}
