import type { FinishEvent, FinishReason, StreamEvent, Usage } from '@pocketlm/core';
import type { OpenAIChatChunk } from './openai-wire.js';

/** The `source` of annotations this package emits: tool calls a remote returned, and routing decisions. */
export const REMOTE_SOURCE = 'pocketlm-remote';

/** A tool call a remote endpoint returned as structured data (OpenAI `tool_calls`), reassembled from its deltas. */
export interface RemoteToolCall {
  id: string;
  name: string;
  /** The arguments as the remote sent them: a JSON string (possibly invalid; the caller validates). */
  arguments: string;
}

/** Remote tokens have no id in our vocabulary; `token` events from a remote carry this id. */
export const REMOTE_TOKEN_ID = -1;

/**
 * Turns the chunks of one streamed chat completion into core events: content → `text-delta`, returned logprobs →
 * `token` (id {@link REMOTE_TOKEN_ID}), and at the end a `finish` with the server's usage and timings measured
 * here. Core has no tool-call event (a local engine emits calls as text), so structured tool calls arrive as one
 * `annotation` (`{ toolCalls }`) before the finish.
 */
export class ChatChunkMapper {
  private text = '';
  private finishReason: FinishReason | undefined;
  private usage: Usage | undefined;
  private tokenCount = 0;
  private firstTokenAt = 0;
  private readonly toolCalls = new Map<number, RemoteToolCall>();

  constructor(
    private readonly startedAt: number,
    private readonly seed: number,
  ) {}

  /** Whether the server said why the answer ended (a stream that closes before this was cut off). */
  get finished(): boolean {
    return this.finishReason !== undefined;
  }

  push(chunk: OpenAIChatChunk, now: number): StreamEvent[] {
    const events: StreamEvent[] = [];
    if (chunk.usage) this.usage = usageOf(chunk.usage);
    const choice = chunk.choices?.[0];
    if (!choice) return events;
    for (const entry of choice.logprobs?.content ?? []) {
      this.tokenCount++;
      events.push({ type: 'token', id: REMOTE_TOKEN_ID, text: entry.token, logprob: entry.logprob });
    }
    const content = choice.delta?.content;
    if (typeof content === 'string' && content.length > 0) {
      this.firstTokenAt ||= now;
      this.text += content;
      events.push({ type: 'text-delta', text: content });
    }
    for (const delta of choice.delta?.tool_calls ?? []) {
      this.firstTokenAt ||= now;
      const call = this.toolCalls.get(delta.index) ?? { id: '', name: '', arguments: '' };
      call.id ||= delta.id ?? '';
      call.name += delta.function?.name ?? '';
      call.arguments += delta.function?.arguments ?? '';
      this.toolCalls.set(delta.index, call);
    }
    if (choice.finish_reason) this.finishReason = finishReasonOf(choice.finish_reason);
    return events;
  }

  /** The closing events: tool calls (when any), then `finish`. */
  end(now: number): StreamEvent[] {
    const events: StreamEvent[] = [];
    if (this.toolCalls.size > 0) {
      const toolCalls = [...this.toolCalls.entries()].sort(([a], [b]) => a - b).map(([, call]) => call);
      events.push({ type: 'annotation', source: REMOTE_SOURCE, data: { toolCalls } });
    }
    events.push(this.finishEvent(now));
    return events;
  }

  private finishEvent(now: number): FinishEvent {
    const usage = this.usage ?? {
      // A server that sends no usage: the prompt is unknown here, the completion is what was counted.
      promptTokens: 0,
      cachedPromptTokens: 0,
      completionTokens: this.tokenCount,
      totalTokens: this.tokenCount,
    };
    const totalMs = now - this.startedAt;
    const timeToFirstTokenMs = (this.firstTokenAt || now) - this.startedAt;
    const decodeMs = totalMs - timeToFirstTokenMs;
    return {
      type: 'finish',
      finishReason: this.finishReason ?? 'stop',
      text: this.text,
      // Remote token ids belong to another vocabulary, so none are reported.
      tokens: [],
      usage,
      timings: {
        timeToFirstTokenMs,
        // Seen from here, prefill is indistinguishable from the network: both are the wait for the first token.
        prefillMs: timeToFirstTokenMs,
        decodeMs,
        totalMs,
        prefillTokensPerSecond: rate(usage.promptTokens - usage.cachedPromptTokens, timeToFirstTokenMs),
        decodeTokensPerSecond: rate(usage.completionTokens - 1, decodeMs),
      },
      seed: this.seed,
    };
  }
}

function usageOf(u: NonNullable<OpenAIChatChunk['usage']>): Usage {
  const promptTokens = u.prompt_tokens ?? 0;
  const completionTokens = u.completion_tokens ?? 0;
  return {
    promptTokens,
    cachedPromptTokens: u.prompt_tokens_details?.cached_tokens ?? 0,
    completionTokens,
    totalTokens: u.total_tokens ?? promptTokens + completionTokens,
  };
}

/** OpenAI's finish reasons in core's terms: a tool call ends the turn normally. */
function finishReasonOf(reason: string): FinishReason {
  if (reason === 'length') return 'length';
  if (reason === 'content_filter') return 'content-filter';
  return 'stop';
}

function rate(count: number, ms: number): number {
  return count > 0 && ms > 0 ? (count * 1000) / ms : 0;
}
