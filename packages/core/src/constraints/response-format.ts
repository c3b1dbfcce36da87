import { PocketLMError } from '../errors/pocketlm-error.js';

/**
 * The shape a request's output must take, enforced token by token (so it holds for any model and backend):
 * - `json_schema`: JSON that validates against `schema` (see the docs for the keywords supported);
 * - `json_object`: any JSON object;
 * - `regex`: text that matches `pattern` as a whole (ECMAScript syntax, `u` flag);
 * - `text`: no constraint.
 * Generation still ends at `maxTokens`; a reply cut off there (`finishReason: 'length'`) may be incomplete.
 */
export type ResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | { type: 'json_schema'; schema: Record<string, unknown> | boolean; name?: string }
  | { type: 'regex'; pattern: string };

const invalid = (message: string) =>
  new PocketLMError('INVALID_OPTIONS', `"responseFormat" ${message}`, {
    details: { option: 'responseFormat' },
  });

/** Checks a request's `responseFormat`; `undefined` and `{ type: 'text' }` mean unconstrained. */
export function validateResponseFormat(
  value: unknown,
): Exclude<ResponseFormat, { type: 'text' }> | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null) throw invalid('must be an object with a "type".');
  const v = value as Record<string, unknown>;
  switch (v.type) {
    case 'text':
      return undefined;
    case 'json_object':
      return { type: 'json_object' };
    case 'json_schema':
      if (typeof v.schema !== 'boolean' && (typeof v.schema !== 'object' || v.schema === null)) {
        throw invalid('of type "json_schema" needs a "schema" object.');
      }
      return value as ResponseFormat & { type: 'json_schema' };
    case 'regex':
      if (typeof v.pattern !== 'string') throw invalid('of type "regex" needs a "pattern" string.');
      return { type: 'regex', pattern: v.pattern };
    default:
      throw invalid(
        `type must be "text", "json_object", "json_schema" or "regex", got ${JSON.stringify(v.type)}.`,
      );
  }
}
