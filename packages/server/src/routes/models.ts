import { HttpError } from '../http/http-error.js';
import { sendJson } from '../http/send-json.js';
import type { RouteContext } from './route-context.js';

// Models are "created" when the server starts, as far as a client can tell.
const created = Math.floor(Date.now() / 1000);

const modelObject = (id: string) => ({ id, object: 'model' as const, created, owned_by: 'pocketlm' });

/** `GET /v1/models`: every served model, OpenAI's list shape. */
export function listModels(ctx: RouteContext): void {
  sendJson(ctx.res, 200, { object: 'list', data: Object.keys(ctx.models).map(modelObject) });
}

/** `GET /v1/models/:id`: one model, or 404. */
export function retrieveModel(ctx: RouteContext): void {
  const id = ctx.param ?? '';
  if (!Object.hasOwn(ctx.models, id)) {
    throw new HttpError(404, `The model "${id}" does not exist on this server.`, {
      code: 'MODEL_NOT_FOUND',
      param: 'model',
    });
  }
  sendJson(ctx.res, 200, modelObject(id));
}
