import { randomUUID } from 'node:crypto';
import type { Usage } from '@pocketlm/core';
import { sendJson } from '../http/send-json.js';
import { completionRequestSchema } from '../openai/completion-request-schema.js';
import type { OpenAIFinishReason } from '../openai/finish-reason.js';
import { parseRequest } from '../openai/parse-request.js';
import { toGenerateOptions } from '../openai/to-generate-options.js';
import { addUsage, toUsage } from '../openai/to-usage.js';
import { plainTurn } from '../openai/turn-events.js';
import { mergeAsync, withIndex } from './merge-async.js';
import type { RouteContext } from './route-context.js';
import { streamEvents } from './stream-events.js';

/**
 * `POST /v1/completions`: raw text completion (no chat template). Several prompts run at once, one choice each,
 * so the engine's scheduler batches them.
 */
export async function completions(ctx: RouteContext): Promise<void> {
  const request = parseRequest(completionRequestSchema, await ctx.readBody());
  const generator = ctx.generatorFor(request.model);
  const prompts = typeof request.prompt === 'string' ? [request.prompt] : request.prompt;
  // OpenAI's default is 16 tokens for this endpoint.
  const options = toGenerateOptions(request, ctx.signal, request.max_tokens ?? 16);
  const id = `cmpl-${randomUUID()}`;
  const created = Math.floor(Date.now() / 1000);
  const head = {
    id,
    object: 'text_completion' as const,
    created,
    model: request.model,
    system_fingerprint: null,
  };
  const events = mergeAsync(
    prompts.map((prompt, index) => withIndex(plainTurn(generator, { ...options, prompt }), index)),
  );

  if (request.stream) {
    let usage: Usage | undefined;
    let finished = 0;
    await streamEvents(ctx, events, {
      start: async (sse) => {
        if (request.echo) {
          for (const [index, prompt] of prompts.entries())
            await sse.send({ ...head, choices: [choice(index, prompt, null)] });
        }
      },
      event: async (sse, event) => {
        if (event.type === 'text')
          await sse.send({ ...head, choices: [choice(event.index, event.text, null)] });
        else if (event.type === 'finish') {
          usage = usage ? addUsage(usage, event.usage) : event.usage;
          await sse.send({ ...head, choices: [choice(event.index, '', event.finishReason)] });
          if (++finished === prompts.length && request.stream_options?.include_usage && usage) {
            await sse.send({ ...head, choices: [], usage: toUsage(usage) });
          }
        }
      },
    });
    return;
  }
  const texts = prompts.map((p) => (request.echo ? p : ''));
  const reasons: OpenAIFinishReason[] = prompts.map(() => 'stop');
  let usage: Usage | undefined;
  for await (const event of events) {
    if (event.type === 'text') texts[event.index] += event.text;
    else if (event.type === 'finish') {
      reasons[event.index] = event.finishReason;
      usage = usage ? addUsage(usage, event.usage) : event.usage;
    }
  }
  sendJson(ctx.res, 200, {
    ...head,
    choices: texts.map((text, index) => choice(index, text, reasons[index])),
    usage: usage && toUsage(usage),
  });
}

function choice(index: number, text: string, finishReason: OpenAIFinishReason | null) {
  return { index, text, logprobs: null, finish_reason: finishReason };
}
