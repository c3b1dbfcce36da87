import {
  type ChatMessage,
  type GenerateRequest,
  OPENAI_SAMPLING_FIELD_PAIRS,
  PocketLMError,
  type ResponseFormat,
} from '@pocketlm/core';
import type { OpenAIChatMessage, OpenAIChatRequest } from './openai-wire.js';

/**
 * Maps a core request to an OpenAI streaming chat-completions body. A raw `prompt` becomes one user message: the
 * endpoint applies its own model's chat template, which is what a remote model expects. Options only a local
 * engine has (`kvCache`, `speculative`, `priority`) have no meaning remotely and are not sent. Response formats
 * OpenAI cannot express (`regex`, `grammar`, `structural_tag`) are refused with `UNSUPPORTED_CONSTRAINT`, so a
 * request never silently loses its constraint.
 */
export function toOpenAIChatRequest(request: GenerateRequest, model: string): OpenAIChatRequest {
  const messages = chatMessagesOf(request);
  const body: OpenAIChatRequest = {
    model,
    messages: messages.map(toOpenAIMessage),
    stream: true,
    // Without it, OpenAI-compatible servers send no usage in a stream.
    stream_options: { include_usage: true },
  };
  const set = <K extends keyof OpenAIChatRequest>(key: K, value: OpenAIChatRequest[K] | undefined) => {
    if (value !== undefined) body[key] = value;
  };
  // The same table `pocketlm serve` maps these fields in with (core's OPENAI_SAMPLING_FIELDS).
  for (const [openai, core] of OPENAI_SAMPLING_FIELD_PAIRS) set(openai, request[core]);
  set('stop', request.stop === undefined ? undefined : [request.stop].flat());
  set('logprobs', request.logprobs || undefined);
  set(
    'tools',
    request.tools?.map((t) => ({
      type: 'function' as const,
      function: {
        name: t.function.name,
        ...(t.function.description !== undefined ? { description: t.function.description } : {}),
        parameters: t.function.parameters,
      },
    })),
  );
  set('response_format', toOpenAIResponseFormat(request.responseFormat));
  return body;
}

function chatMessagesOf(request: GenerateRequest): ChatMessage[] {
  if (typeof request?.prompt === 'string' && request.messages === undefined) {
    return [{ role: 'user', content: request.prompt }];
  }
  if (Array.isArray(request?.messages) && request.prompt === undefined) return request.messages;
  throw new PocketLMError(
    'INVALID_OPTIONS',
    'A request needs exactly one of a "prompt" string or a "messages" array.',
  );
}

function toOpenAIMessage(message: ChatMessage, index: number): OpenAIChatMessage {
  const out: OpenAIChatMessage = { role: message.role, content: message.content };
  if (message.name !== undefined && message.role !== 'tool') out.name = message.name;
  if (message.tool_call_id !== undefined) out.tool_call_id = message.tool_call_id;
  if (message.tool_calls?.length) {
    // OpenAI carries arguments as a JSON string and requires an id; core keeps an object and the id optional.
    out.tool_calls = message.tool_calls.map((call, i) => ({
      id: call.id ?? `call_${index}_${i}`,
      type: 'function',
      function: { name: call.function.name, arguments: JSON.stringify(call.function.arguments) },
    }));
  }
  return out;
}

function toOpenAIResponseFormat(format: ResponseFormat | undefined): OpenAIChatRequest['response_format'] {
  if (format === undefined || format.type === 'text') return undefined;
  if (format.type === 'json_object') return { type: 'json_object' };
  if (format.type === 'json_schema' && typeof format.schema === 'object' && format.schema !== null) {
    return {
      type: 'json_schema',
      json_schema: { name: format.name ?? 'response', schema: format.schema, strict: true },
    };
  }
  throw new PocketLMError(
    'UNSUPPORTED_CONSTRAINT',
    `A remote OpenAI-compatible endpoint cannot enforce a "${format.type}" response format` +
      (format.type === 'json_schema' ? ' with a boolean schema' : '') +
      ' (only "json_schema" with an object schema and "json_object").',
    { details: { option: 'responseFormat', type: format.type } },
  );
}
