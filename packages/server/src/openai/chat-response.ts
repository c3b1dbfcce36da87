import type { OpenAIFinishReason } from './finish-reason.js';
import type { OpenAIUsage } from './to-usage.js';
import type { TokenLogprob } from './token-logprob.js';
import type { TurnToolCall } from './turn-events.js';

/** Fields every chunk and response of one completion share. */
export interface CompletionMeta {
  id: string;
  created: number;
  model: string;
}

/** The fields that open every chat chunk and completion, in OpenAI's order. */
function envelope<T extends 'chat.completion' | 'chat.completion.chunk'>(meta: CompletionMeta, object: T) {
  return { id: meta.id, object, created: meta.created, model: meta.model, system_fingerprint: null };
}

export interface ChatDelta {
  role?: 'assistant';
  content?: string;
  tool_calls?: {
    index: number;
    id: string;
    type: 'function';
    function: { name: string; arguments: string };
  }[];
}

/** One `chat.completion.chunk` carrying one choice's delta (`index` tells choices apart when `n` > 1). */
export function chatChunk(
  meta: CompletionMeta,
  index: number,
  delta: ChatDelta,
  finishReason: OpenAIFinishReason | null = null,
  logprobs: TokenLogprob[] | null = null,
) {
  return {
    ...envelope(meta, 'chat.completion.chunk'),
    choices: [
      {
        index,
        delta,
        logprobs: logprobs && { content: logprobs, refusal: null },
        finish_reason: finishReason,
      },
    ],
  };
}

/** The last chunk under `stream_options.include_usage`: no choices, the request's usage. */
export function chatUsageChunk(meta: CompletionMeta, usage: OpenAIUsage) {
  return { ...envelope(meta, 'chat.completion.chunk'), choices: [], usage };
}

/** What one choice of a whole completion holds. */
export interface ChatChoice {
  text: string;
  calls: TurnToolCall[];
  finishReason: OpenAIFinishReason;
  /** Per-token log-probabilities when the request asked for them, else null. */
  logprobs: TokenLogprob[] | null;
}

/** A whole `chat.completion`. With tool calls and no text, `content` is null, as OpenAI sends it. */
export function chatCompletion(meta: CompletionMeta, choices: ChatChoice[], usage: OpenAIUsage) {
  return {
    ...envelope(meta, 'chat.completion'),
    choices: choices.map((c, index) => ({
      index,
      message: {
        role: 'assistant' as const,
        content: c.calls.length > 0 && c.text === '' ? null : c.text,
        refusal: null,
        ...(c.calls.length > 0 ? { tool_calls: c.calls.map(toolCallOf) } : {}),
      },
      logprobs: c.logprobs && { content: c.logprobs, refusal: null },
      finish_reason: c.finishReason,
    })),
    usage,
  };
}

function toolCallOf(call: TurnToolCall) {
  return { id: call.id, type: 'function' as const, function: { name: call.name, arguments: call.arguments } };
}

/** A streamed tool call's delta: all of it in one chunk (its arguments are whole once the call has parsed). */
export function toolCallDelta(index: number, call: TurnToolCall): ChatDelta {
  return { tool_calls: [{ index, ...toolCallOf(call) }] };
}
