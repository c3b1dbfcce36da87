import type { Embedder, TextGenerator } from '@pocketlm/core';
import { HttpError } from '../http/http-error.js';
import type { ServedModel } from '../server-options.js';

/** The served model's generator or embedder; an unknown name is 404 `MODEL_NOT_FOUND`, as OpenAI answers. */
export function lookupModel(
  models: Record<string, ServedModel>,
  id: string,
  kind: 'generator',
): TextGenerator;
export function lookupModel(models: Record<string, ServedModel>, id: string, kind: 'embedder'): Embedder;
export function lookupModel(
  models: Record<string, ServedModel>,
  id: string,
  kind: 'generator' | 'embedder',
): TextGenerator | Embedder {
  const served = Object.hasOwn(models, id) ? models[id] : undefined;
  if (!served) {
    throw new HttpError(404, `The model "${id}" does not exist on this server (GET /v1/models lists them).`, {
      code: 'MODEL_NOT_FOUND',
      param: 'model',
    });
  }
  const found = served[kind];
  if (!found) {
    const does = kind === 'generator' ? 'generate text' : 'embed text';
    throw new HttpError(400, `The model "${id}" does not ${does} on this server.`, {
      code: 'INVALID_OPTIONS',
      param: 'model',
    });
  }
  return found;
}
