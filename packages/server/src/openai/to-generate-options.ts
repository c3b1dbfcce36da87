import type { GenerateOptions, ResponseFormat } from '@pocketlm/core';
import type { OpenAIResponseFormat } from './chat-request-schema.js';
import type { CompletionRequest } from './completion-request-schema.js';

type SamplingRequest = Pick<
  CompletionRequest,
  | 'max_tokens'
  | 'temperature'
  | 'top_p'
  | 'top_k'
  | 'min_p'
  | 'repetition_penalty'
  | 'presence_penalty'
  | 'frequency_penalty'
  | 'seed'
  | 'stop'
>;

/** OpenAI sampling fields as core `GenerateOptions`; unset (or null) fields keep the engine's defaults. */
export function toGenerateOptions(
  request: SamplingRequest,
  signal: AbortSignal,
  maxTokens?: number | null,
): GenerateOptions {
  const options: GenerateOptions = { signal };
  const set = <K extends keyof GenerateOptions>(key: K, value: GenerateOptions[K] | null | undefined) => {
    if (value !== null && value !== undefined) options[key] = value;
  };
  set('maxTokens', maxTokens ?? request.max_tokens);
  set('temperature', request.temperature);
  set('topP', request.top_p);
  set('topK', request.top_k);
  set('minP', request.min_p);
  set('repetitionPenalty', request.repetition_penalty);
  set('presencePenalty', request.presence_penalty);
  set('frequencyPenalty', request.frequency_penalty);
  set('seed', request.seed);
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
