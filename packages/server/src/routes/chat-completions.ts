import { randomUUID } from 'node:crypto';
import type { GenerateRequest } from '@pocketlm/core';
import { HttpError } from '../http/http-error.js';
import { sendJson } from '../http/send-json.js';
import { type ChatRequest, chatRequestSchema } from '../openai/chat-request-schema.js';
import {
  type CompletionMeta,
  chatChunk,
  chatCompletion,
  chatUsageChunk,
  toolCallDelta,
} from '../openai/chat-response.js';
import { parseRequest } from '../openai/parse-request.js';
import { nameToolResults, toChatMessages } from '../openai/to-chat-messages.js';
import { toGenerateOptions, toResponseFormat } from '../openai/to-generate-options.js';
import { toUsage } from '../openai/to-usage.js';
import { type TokenLogprob, tokenLogprob } from '../openai/token-logprob.js';
import { toolTurn } from '../openai/tool-turn.js';
import { plainTurn, type TurnEvent, type TurnToolCall } from '../openai/turn-events.js';
import type { RouteContext } from './route-context.js';
import { streamEvents } from './stream-events.js';

/** `POST /v1/chat/completions`, streamed over SSE or answered whole. */
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
  const turn = startTurn(request, generator, generateRequest);
  const meta: CompletionMeta = {
    id: `chatcmpl-${randomUUID()}`,
    created: Math.floor(Date.now() / 1000),
    model: request.model,
  };

  if (request.stream) {
    await streamChat(ctx, meta, turn, {
      includeUsage: request.stream_options?.include_usage === true,
      logprobs,
    });
    return;
  }
  let text = '';
  const calls: TurnToolCall[] = [];
  const tokens: TokenLogprob[] = [];
  for await (const event of turn) {
    if (event.type === 'text') text += event.text;
    else if (event.type === 'token') tokens.push(tokenLogprob(event.text, event.logprob));
    else if (event.type === 'tool-call') calls.push(event.call);
    else {
      const usage = toUsage(event.usage);
      sendJson(
        ctx.res,
        200,
        chatCompletion(meta, text, calls, event.finishReason, usage, logprobs ? tokens : null),
      );
    }
  }
}

function startTurn(
  request: ChatRequest,
  generator: ReturnType<RouteContext['generatorFor']>,
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

async function streamChat(
  ctx: RouteContext,
  meta: CompletionMeta,
  turn: AsyncIterable<TurnEvent>,
  options: { includeUsage: boolean; logprobs: boolean },
): Promise<void> {
  let calls = 0;
  // Token log-probabilities ride on the next chunk that goes out, as OpenAI attaches them to content chunks.
  let pending: TokenLogprob[] = [];
  const take = () => {
    if (!options.logprobs) return null;
    const taken = pending;
    pending = [];
    return taken;
  };
  await streamEvents(ctx, turn, {
    start: (sse) => sse.send(chatChunk(meta, { role: 'assistant', content: '' })),
    event: async (sse, event) => {
      if (event.type === 'token') pending.push(tokenLogprob(event.text, event.logprob));
      else if (event.type === 'text') await sse.send(chatChunk(meta, { content: event.text }, null, take()));
      else if (event.type === 'tool-call')
        await sse.send(chatChunk(meta, toolCallDelta(calls++, event.call)));
      else {
        const rest = take();
        await sse.send(chatChunk(meta, {}, event.finishReason, rest?.length ? rest : null));
        if (options.includeUsage) await sse.send(chatUsageChunk(meta, toUsage(event.usage)));
      }
    },
  });
}
