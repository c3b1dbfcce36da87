import type { GenerateOptions, GenerateRequest, StreamEvent, Tokenizer } from '@pocketlm/core';
import type { ToolCallFormat } from '../formats/tool-call-format.js';
import type { Tool, ToolCall } from '../tools/tool.js';

/** What the agent needs from a model: an `Engine` from `@pocketlm/core` is one. */
export interface AgentModel {
  readonly tokenizer: Tokenizer;
  readonly info: { readonly contextLength: number };
  stream(request: GenerateRequest): AsyncIterable<StreamEvent>;
}

/** Whether the model may, must, or must not call tools in a step; or must call one named tool. */
export type ToolChoice = 'auto' | 'required' | 'none' | { name: string };

export interface AgentOptions {
  model: AgentModel;
  tools: Tool[];
  /** The system prompt (the tool list is added by the chat template, or after it when the template has none). */
  system?: string;
  /** Most model turns in one run (default 8): a loop that would never end stops here with `max-steps`. */
  maxSteps?: number;
  /**
   * Default `auto`. A fixed `required` or `{ name }` applies to every step, so the run then ends only at
   * `maxSteps`; a function picks per step (say, `required` first and `auto` after).
   */
  toolChoice?: ToolChoice | ((step: number) => ToolChoice);
  /**
   * How the model writes calls: `hermes` (`<tool_call>`, Qwen and most small models), `llama3-json` or `mistral`
   * (`[TOOL_CALLS]`), or a format of your own. Default: read from the tokenizer's vocabulary.
   */
  format?: ToolCallFormat | 'hermes' | 'llama3-json' | 'mistral';
  /**
   * Whether the model may make several calls in one step (default true; they run concurrently). With `false`, a
   * step's reply ends after its first call.
   */
  parallelToolCalls?: boolean;
  /** Per-call time limit unless the tool sets its own (default 30 s). */
  toolTimeoutMs?: number;
  /** Longest tool result the model is shown, in tokens (default: an eighth of the context). */
  maxToolResultTokens?: number;
  /**
   * Sees each tool result as the model would read it and returns what the model reads instead: how a guard
   * (`@pocketlm/guard`'s `guardToolResults`) keeps indirect prompt injection in tool output out of the context.
   */
  filterToolResult?: (content: string, call: ToolCall, signal?: AbortSignal) => string | Promise<string>;
  /** Asked before running a tool marked `requiresConfirmation`; `false` refuses the call. */
  onConfirm?: (call: ToolCall, tool: Tool) => boolean | Promise<boolean>;
  /** Sampling and length options for every model turn (`maxTokens`, `temperature`, `seed`, …). */
  generation?: Omit<GenerateOptions, 'responseFormat' | 'tools' | 'signal'>;
}

export interface RunOptions {
  signal?: AbortSignal;
}
