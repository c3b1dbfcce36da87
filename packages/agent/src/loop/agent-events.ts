import type { ChatMessage, FinishReason, Usage } from '@pocketlm/core';
import type { ToolCall } from '../tools/tool.js';

/** A model turn begins (`step` counts from 1). */
export interface StepStartEvent {
  type: 'step-start';
  step: number;
}

/** Reply text as it streams; text that belongs to a tool call is not shown. */
export interface AgentTextDeltaEvent {
  type: 'text-delta';
  step: number;
  text: string;
}

/** The model called a tool (arguments validate against its schema). */
export interface ToolCallEvent {
  type: 'tool-call';
  step: number;
  call: ToolCall;
}

/** A tool call settled: its result, or the error the model is told about. */
export interface ToolResultEvent {
  type: 'tool-result';
  step: number;
  call: ToolCall;
  /** What `execute` returned (undefined when it failed). */
  result?: unknown;
  /** Why the call failed: the tool threw, timed out, was refused by `onConfirm`, or the call was malformed. */
  error?: string;
  /** The text the model sees, after truncation (and `filterToolResult`). */
  content: string;
  truncated: boolean;
  /** Whether `filterToolResult` changed the content. */
  filtered?: boolean;
}

/** A model turn ended: its text, the calls it made and why it stopped. */
export interface StepFinishEvent {
  type: 'step-finish';
  step: number;
  text: string;
  calls: ToolCall[];
  finishReason: FinishReason;
  usage: Usage;
}

/** Why the agent stopped: a final answer, the step limit, or a reply cut off at `maxTokens`. */
export type AgentFinishReason = 'stop' | 'max-steps' | 'length';

export interface AgentFinishEvent {
  type: 'finish';
  finishReason: AgentFinishReason;
  /** The last step's text: the answer. */
  text: string;
  steps: number;
  /** The whole conversation, including tool calls and results, to continue from. */
  messages: ChatMessage[];
  usage: { promptTokens: number; completionTokens: number };
}

export type AgentEvent =
  | StepStartEvent
  | AgentTextDeltaEvent
  | ToolCallEvent
  | ToolResultEvent
  | StepFinishEvent
  | AgentFinishEvent;

/** What `agent.run()` resolves with. */
export type AgentResult = Omit<AgentFinishEvent, 'type'>;
