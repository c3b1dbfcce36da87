import type { GenerateRequest, TextGenerator, Usage } from '@pocketlm/core';
import { type OpenAIFinishReason, toFinishReason } from './finish-reason.js';

/** One tool call the model made, with `arguments` as the JSON string OpenAI sends. */
export interface TurnToolCall {
  id: string;
  name: string;
  arguments: string;
}

/** What one assistant turn produces, whether or not tools were offered: text, tool calls, then the finish. */
export type TurnEvent =
  | { type: 'text'; text: string }
  | { type: 'tool-call'; call: TurnToolCall }
  /** A sampled token's log-probability (only when the request asked for `logprobs`). */
  | { type: 'token'; text: string; logprob: number }
  | { type: 'finish'; finishReason: OpenAIFinishReason; usage: Usage };

/** A turn without tools: the engine's text deltas and finish. Breaking out of it cancels the generation. */
export async function* plainTurn(
  generator: TextGenerator,
  request: GenerateRequest,
): AsyncGenerator<TurnEvent> {
  for await (const event of generator.stream(request)) {
    if (event.type === 'text-delta' && event.text !== '') yield { type: 'text', text: event.text };
    else if (event.type === 'token' && event.logprob !== undefined) {
      yield { type: 'token', text: event.text, logprob: event.logprob };
    } else if (event.type === 'finish') {
      yield { type: 'finish', finishReason: toFinishReason(event.finishReason), usage: event.usage };
    }
  }
}
