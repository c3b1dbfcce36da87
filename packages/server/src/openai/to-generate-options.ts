import {
  type GenerateOptions,
  OPENAI_SAMPLING_FIELD_PAIRS,
  type OpenAISamplingField,
  type ResponseFormat,
} from '@pocketlm/core';
import type { OpenAIResponseFormat } from './chat-request-schema.js';
import type { CompletionRequest } from './completion-request-schema.js';

type SamplingRequest = Pick<CompletionRequest, OpenAISamplingField | 'stop'>;

/**
 * OpenAI sampling fields as core `GenerateOptions`; unset (or null) fields keep the engine's defaults. `maxTokens`,
 * when given, overrides the request's `max_tokens` (a route's own default or cap).
 */
export function toGenerateOptions(
  request: SamplingRequest,
  signal: AbortSignal,
  maxTokens?: number | null,
): GenerateOptions {
  const options: GenerateOptions = { signal };
  const set = <K extends keyof GenerateOptions>(key: K, value: GenerateOptions[K] | null | undefined) => {
    if (value !== null && value !== undefined) options[key] = value;
  };
  // The same table the remote generator maps back with (core's OPENAI_SAMPLING_FIELDS).
  for (const [openai, core] of OPENAI_SAMPLING_FIELD_PAIRS) set(core, request[openai]);
  set('maxTokens', maxTokens);
  set('stop', request.stop);
  return options;
}

/** OpenAI's `response_format` as the core's constraint (`text` and absent mean none). */
export function toResponseFormat(
  format: OpenAIResponseFormat | null | undefined,
): ResponseFormat | undefined {
  if (!format || format.type === 'text') return undefined;
  if (format.type === 'json_object') return { type: 'json_object' };
  // A json_schema format without a schema is any JSON object, as with OpenAI.
  const schema = format.json_schema.schema ?? { type: 'object' };
  return { type: 'json_schema', schema, name: format.json_schema.name };
}
