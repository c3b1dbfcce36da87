import { PocketLMError } from '../errors/pocketlm-error.js';
import type { ModelFiles } from '../model/model-files.js';
import { HfTokenizer } from './hf-tokenizer.js';
import type { Tokenizer } from './tokenizer.js';

/**
 * Loads a model's tokenizer from its files: `tokenizer.json` (required), and when present
 * `tokenizer_config.json` (special tokens, chat template), `chat_template.jinja`, `generation_config.json` and
 * `config.json` (end-of-generation ids).
 *
 * @throws PocketLMError `MODEL_NOT_FOUND` when there is no `tokenizer.json`; `INVALID_MODEL` when a file is not
 *   valid JSON or `tokenizer.json` is not a tokenizer.
 */
export async function loadTokenizer(files: ModelFiles): Promise<Tokenizer> {
  if (!(await files.has('tokenizer.json'))) {
    throw new PocketLMError('MODEL_NOT_FOUND', `${files.id} has no tokenizer.json.`, {
      details: { model: files.id, file: 'tokenizer.json' },
    });
  }
  const [tokenizerJson, tokenizerConfig, generationConfig, modelConfig, chatTemplate] = await Promise.all([
    readJsonObject(files, 'tokenizer.json'),
    readOptional(files, 'tokenizer_config.json', readJsonObject),
    readOptional(files, 'generation_config.json', readJsonObject),
    readOptional(files, 'config.json', readJsonObject),
    readOptional(files, 'chat_template.jinja', (f, name) => f.readText(name)),
  ]);
  return new HfTokenizer({
    tokenizerJson,
    tokenizerConfig,
    generationConfig,
    modelConfig,
    chatTemplate,
    id: `${files.id}/tokenizer.json`,
  });
}

async function readOptional<T>(
  files: ModelFiles,
  name: string,
  read: (files: ModelFiles, name: string) => Promise<T>,
): Promise<T | undefined> {
  return (await files.has(name)) ? read(files, name) : undefined;
}

async function readJsonObject(files: ModelFiles, name: string): Promise<Record<string, unknown>> {
  const text = await files.readText(name);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new PocketLMError('INVALID_MODEL', `${files.id}/${name} is not valid JSON.`, {
      cause: error,
      details: { model: files.id, file: name },
    });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new PocketLMError('INVALID_MODEL', `${files.id}/${name} must hold a JSON object.`, {
      details: { model: files.id, file: name },
    });
  }
  return value as Record<string, unknown>;
}
