import type { Usage } from '@pocketlm/core';
import { type CompletionMeta, chatChunk, chatUsageChunk, toolCallDelta } from '../openai/chat-response.js';
import { addUsage, toUsage } from '../openai/to-usage.js';
import { type TokenLogprob, tokenLogprob } from '../openai/token-logprob.js';
import type { TurnEvent } from '../openai/turn-events.js';
import type { RouteContext } from './route-context.js';
import { streamEvents } from './stream-events.js';

/**
 * Streams chat choices as `chat.completion.chunk`s: a role chunk per choice, content and tool-call deltas as they
 * come, a finish chunk per choice, then (with `includeUsage`) one usage chunk for the whole request.
 */
export async function streamChat(
  ctx: RouteContext,
  meta: CompletionMeta,
  events: AsyncIterable<TurnEvent & { index: number }>,
  options: { n: number; includeUsage: boolean; logprobs: boolean },
): Promise<void> {
  const calls = new Array<number>(options.n).fill(0);
  // Token log-probabilities ride on the choice's next chunk, as OpenAI attaches them to content chunks.
  const pending: TokenLogprob[][] = Array.from({ length: options.n }, () => []);
  const take = (index: number) => {
    if (!options.logprobs) return null;
    return pending[index].splice(0);
  };
  let usage: Usage | undefined;
  let finished = 0;
  await streamEvents(ctx, events, {
    start: async (sse) => {
      for (let i = 0; i < options.n; i++)
        await sse.send(chatChunk(meta, i, { role: 'assistant', content: '' }));
    },
    event: async (sse, event) => {
      const i = event.index;
      if (event.type === 'token') pending[i].push(tokenLogprob(event.text, event.logprob));
      else if (event.type === 'text')
        await sse.send(chatChunk(meta, i, { content: event.text }, null, take(i)));
      else if (event.type === 'tool-call')
        await sse.send(chatChunk(meta, i, toolCallDelta(calls[i]++, event.call)));
      else {
        const rest = take(i);
        await sse.send(chatChunk(meta, i, {}, event.finishReason, rest?.length ? rest : null));
        usage = usage ? addUsage(usage, event.usage) : event.usage;
        if (++finished === options.n && options.includeUsage) {
          await sse.send(chatUsageChunk(meta, toUsage(usage)));
        }
      }
    },
  });
}
