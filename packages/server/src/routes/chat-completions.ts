import { randomUUID } from 'node:crypto';
import type { GenerateRequest, TextGenerator, Usage } from '@pocketlm/core';
import { HttpError } from '../http/http-error.js';
import { sendJson } from '../http/send-json.js';
import { type ChatRequest, chatRequestSchema } from '../openai/chat-request-schema.js';
import { type ChatChoice, type CompletionMeta, chatCompletion } from '../openai/chat-response.js';
import { parseRequest } from '../openai/parse-request.js';
import { nameToolResults, toChatMessages } from '../openai/to-chat-messages.js';
import { toGenerateOptions, toResponseFormat } from '../openai/to-generate-options.js';
import { addUsage, toUsage } from '../openai/to-usage.js';
import { tokenLogprob } from '../openai/token-logprob.js';
import { toolTurn } from '../openai/tool-turn.js';
import { plainTurn, type TurnEvent } from '../openai/turn-events.js';
import { mergeAsync, withIndex } from './merge-async.js';
import type { RouteContext } from './route-context.js';
import { streamChat } from './stream-chat.js';

/**
 * `POST /v1/chat/completions`, streamed over SSE or answered whole. With `n` > 1 the choices are generated
 * concurrently, so the engine's scheduler batches them; a `seed` gives choice `i` the seed `seed + i`.
 */
export async function chatCompletions(ctx: RouteContext): Promise<void> {
  const request = parseRequest(chatRequestSchema, await ctx.readBody());
  const generator = ctx.generatorFor(request.model);
  const generateRequest: GenerateRequest = {
    ...toGenerateOptions(request, ctx.signal, request.max_completion_tokens ?? request.max_tokens),
    messages: nameToolResults(toChatMessages(request.messages)),
  };
  const responseFormat = toResponseFormat(request.response_format);
  if (responseFormat) generateRequest.responseFormat = responseFormat;
  // Per-token log-probabilities come from plain turns; a tool turn's text is reparsed, so it has none.
  const logprobs = request.logprobs === true && !request.tools?.length;
  if (logprobs) generateRequest.logprobs = true;
  const n = request.n ?? 1;
  const events = mergeAsync(
    Array.from({ length: n }, (_, i) =>
      withIndex(startTurn(request, generator, seeded(generateRequest, i)), i),
    ),
  );
  const meta: CompletionMeta = {
    id: `chatcmpl-${randomUUID()}`,
    created: Math.floor(Date.now() / 1000),
    model: request.model,
  };
  if (request.stream) {
    const includeUsage = request.stream_options?.include_usage === true;
    await streamChat(ctx, meta, events, { n, includeUsage, logprobs });
    return;
  }
  const choices: ChatChoice[] = Array.from({ length: n }, () => ({
    text: '',
    calls: [],
    finishReason: 'stop',
    logprobs: logprobs ? [] : null,
  }));
  let usage: Usage | undefined;
  for await (const event of events) {
    const choice = choices[event.index];
    if (event.type === 'text') choice.text += event.text;
    else if (event.type === 'token') choice.logprobs?.push(tokenLogprob(event.text, event.logprob));
    else if (event.type === 'tool-call') choice.calls.push(event.call);
    else {
      choice.finishReason = event.finishReason;
      usage = usage ? addUsage(usage, event.usage) : event.usage;
    }
  }
  if (usage) sendJson(ctx.res, 200, chatCompletion(meta, choices, toUsage(usage)));
}

/** Choice `i` of a seeded request samples with `seed + i`, so `n` choices differ yet reproduce. */
function seeded(request: GenerateRequest, i: number): GenerateRequest {
  if (i === 0 || request.seed === undefined) return request;
  return { ...request, seed: (request.seed + i) % 2 ** 32 };
}

function startTurn(
  request: ChatRequest,
  generator: TextGenerator,
  generateRequest: GenerateRequest,
): AsyncIterable<TurnEvent> {
  const tools = request.tools ?? [];
  if (tools.length === 0) {
    if (request.tool_choice != null && request.tool_choice !== 'none') {
      throw new HttpError(400, '"tool_choice" needs "tools".', {
        code: 'INVALID_OPTIONS',
        param: 'tool_choice',
      });
    }
    return plainTurn(generator, generateRequest);
  }
  // Even under "none" the step rewrites earlier calls and results into the model's tool-call format.
  return toolTurn(generator, generateRequest, {
    tools,
    choice: request.tool_choice ?? 'auto',
    parallel: request.parallel_tool_calls ?? true,
  });
}
