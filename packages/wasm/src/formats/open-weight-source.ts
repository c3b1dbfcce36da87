import { type ModelFiles, PocketLMError } from '@pocketlm/core';
import { openGguf } from './gguf/gguf-source.js';
import { openSafetensors } from './safetensors/safetensors-source.js';
import type { WeightSource } from './weight-source.js';

/** The weight file read when none is named: Hugging Face's single-file safetensors. */
export const SAFETENSORS_FILE = 'model.safetensors';
/** GGUF files tried, in order, when there is no `model.safetensors` and no file is named. */
export const DEFAULT_GGUF_FILES: readonly string[] = [
  'model.gguf',
  'model-f32.gguf',
  'model-f16.gguf',
  'model-q8_0.gguf',
  'model-q4_0.gguf',
];

/** Options of {@link openWeightSource}. */
export interface OpenWeightSourceOptions {
  /** The weight file, e.g. `model-q4_0.gguf`; its extension (`.gguf`, else safetensors) picks the reader. */
  file?: string;
}

/** Whether `file` is read as GGUF (by extension). */
export function isGgufFile(file: string): boolean {
  return file.toLowerCase().endsWith('.gguf');
}

/** The weight file {@link openWeightSource} would read: `options.file`, else the first default that exists. */
export async function resolveWeightFile(
  files: ModelFiles,
  options: OpenWeightSourceOptions = {},
): Promise<string> {
  if (options.file !== undefined) return options.file;
  for (const file of [SAFETENSORS_FILE, ...DEFAULT_GGUF_FILES]) if (await files.has(file)) return file;
  throw new PocketLMError(
    'MODEL_NOT_FOUND',
    `${files.id} has no weights for the WASM backend: none of ${[SAFETENSORS_FILE, ...DEFAULT_GGUF_FILES].join(', ')}.`,
    { details: { model: files.id, tried: [SAFETENSORS_FILE, ...DEFAULT_GGUF_FILES] } },
  );
}

/**
 * Opens the weights of a model for reading tensor by tensor: `options.file` when given, else `model.safetensors`,
 * else the first of {@link DEFAULT_GGUF_FILES} that exists. Only headers are read here; tensor data is read by
 * `readTensor`, with `files.readRange` when the files support it (else the file is read once, whole).
 */
export async function openWeightSource(
  files: ModelFiles,
  options: OpenWeightSourceOptions = {},
): Promise<WeightSource> {
  const file = await resolveWeightFile(files, options);
  return isGgufFile(file) ? openGguf(files, file) : openSafetensors(files, file);
}
