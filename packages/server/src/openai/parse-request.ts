import type { z } from 'zod';
import { HttpError } from '../http/http-error.js';

/** Validates a parsed body; the first problem becomes a 400 whose message and `param` name the field. */
export function parseRequest<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new HttpError(400, 'The request body must be a JSON object.', { code: 'INVALID_OPTIONS' });
  }
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue.path
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
    .join('')
    .replace(/^\./, '');
  if (issue.code === 'unrecognized_keys') {
    const field = [path, issue.keys[0]].filter(Boolean).join('.');
    throw new HttpError(
      400,
      `Unrecognized request field "${field}" (this server rejects fields it does not know).`,
      {
        code: 'INVALID_OPTIONS',
        param: field,
      },
    );
  }
  throw new HttpError(400, `Invalid "${path || 'body'}": ${issue.message}.`, {
    code: 'INVALID_OPTIONS',
    param: path || null,
  });
}
