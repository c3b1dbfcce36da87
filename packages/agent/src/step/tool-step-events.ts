import type { AnnotationEvent, ChatMessage, FinishEvent, FinishReason, Usage } from '@pocketlm/core';
import type { ToolCall } from '../tools/tool.js';

/** Reply prose as it streams; text that belongs to a tool call is never shown. */
export interface ToolStepTextDeltaEvent {
  type: 'text-delta';
  text: string;
}

/** One call the model made; its arguments validate against the tool's schema (they were generated under it). */
export interface ToolStepCallEvent {
  type: 'tool-call';
  call: ToolCall;
  /** The arguments as JSON text (what OpenAI-shaped APIs and the AI SDK carry). */
  argumentsText: string;
}

/** Why a step ended: the engine's reasons, plus `tool-calls` when the reply called at least one tool. */
export type ToolStepFinishReason = FinishReason | 'tool-calls';

/** The step ended: its prose, its calls, and what to append to the conversation. */
export interface ToolStepFinishEvent {
  type: 'finish';
  finishReason: ToolStepFinishReason;
  /**
   * The reply's prose as streamed (after any middleware, without call text), trimmed; with toolChoice `none`, the
   * generation's text as it is. `message` holds the model's own words for the conversation.
   */
  text: string;
  toolCalls: ToolCall[];
  /** Blocks that looked like calls but did not parse (a call cut off at `maxTokens`, say). */
  malformed: { raw: string; error: string }[];
  usage: Usage;
  /** The assistant message that records this reply and its calls, in the shape the chat template reads. */
  message: ChatMessage;
  /** The engine's own finish event (tokens, timings, seed, the unparsed finish reason). */
  generation: FinishEvent;
}

/** What `streamToolStep` yields. Middleware annotations (a guard's decisions) pass through. */
export type ToolStepEvent =
  | ToolStepTextDeltaEvent
  | ToolStepCallEvent
  | AnnotationEvent
  | ToolStepFinishEvent;
