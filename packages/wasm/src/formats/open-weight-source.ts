import { type ModelFiles, PocketLMError } from '@pocketlm/core';
import { openGguf } from './gguf/gguf-source.js';
import { openSafetensors } from './safetensors/safetensors-source.js';
import { openShardedSafetensors, SAFETENSORS_INDEX_FILE } from './safetensors/sharded-safetensors-source.js';
import type { WeightSource } from './weight-source.js';

/** The weight file read when none is named: Hugging Face's single-file safetensors. */
export const SAFETENSORS_FILE = 'model.safetensors';
/** GGUF files tried, in order, when there is no `model.safetensors` (nor a sharded index) and no file is named. */
export const DEFAULT_GGUF_FILES: readonly string[] = [
  'model.gguf',
  'model-f32.gguf',
  'model-f16.gguf',
  'model-q8_0.gguf',
  'model-q4_0.gguf',
];

/** Options of {@link openWeightSource}. */
export interface OpenWeightSourceOptions {
  /**
   * The weight file, e.g. `model-q4_0.gguf`: a `.gguf` is read as GGUF, a `.index.json` as the index of a sharded
   * safetensors checkpoint, anything else as one safetensors file.
   */
  file?: string;
}

/** Whether `file` is read as GGUF (by extension). */
export function isGgufFile(file: string): boolean {
  return file.toLowerCase().endsWith('.gguf');
}

/** Default weight files, in the order they are tried. */
const DEFAULT_WEIGHT_FILES = [SAFETENSORS_FILE, SAFETENSORS_INDEX_FILE, ...DEFAULT_GGUF_FILES];

/** The weight file {@link openWeightSource} would read: `options.file`, else the first default that exists. */
export async function resolveWeightFile(
  files: ModelFiles,
  options: OpenWeightSourceOptions = {},
): Promise<string> {
  if (options.file !== undefined) return options.file;
  for (const file of DEFAULT_WEIGHT_FILES) if (await files.has(file)) return file;
  throw new PocketLMError(
    'MODEL_NOT_FOUND',
    `${files.id} has no weights for the WASM backend: none of ${DEFAULT_WEIGHT_FILES.join(', ')}.`,
    { details: { model: files.id, tried: DEFAULT_WEIGHT_FILES } },
  );
}

/**
 * Opens the weights of a model for reading tensor by tensor: `options.file` when given, else `model.safetensors`,
 * else a sharded checkpoint's `model.safetensors.index.json`, else the first of {@link DEFAULT_GGUF_FILES} that
 * exists. Only headers are read here; tensor data is read by `readTensor`, with `files.readRange` when the files
 * support it (else each file is read once, whole).
 */
export async function openWeightSource(
  files: ModelFiles,
  options: OpenWeightSourceOptions = {},
): Promise<WeightSource> {
  const file = await resolveWeightFile(files, options);
  if (isGgufFile(file)) return openGguf(files, file);
  return file.endsWith('.index.json') ? openShardedSafetensors(files, file) : openSafetensors(files, file);
}
