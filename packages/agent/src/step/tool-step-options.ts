import type { ToolCallFormatName } from '../formats/detect-format.js';
import type { ToolCallFormat } from '../formats/tool-call-format.js';
import type { ToolSpec } from '../tools/tool.js';

/** Whether the model may, must, or must not call tools in a step; or must call one named tool. */
export type ToolStepChoice = 'auto' | 'required' | 'none' | { name: string };

export interface ToolStepOptions {
  /** The tools the model may call, with JSON Schema parameters (`resolveTools` turns `Tool`s into these). */
  tools: readonly ToolSpec[];
  /** Default `auto`. `none` (or no tools) generates free text under the request's own `responseFormat`. */
  toolChoice?: ToolStepChoice;
  /** Whether one reply may hold several calls (default true). With `false` the reply ends after its first call. */
  parallelToolCalls?: boolean;
  /** How the model writes calls. Default: read from the tokenizer's vocabulary (`detectToolCallFormat`). */
  format?: ToolCallFormat | ToolCallFormatName;
  /**
   * Whether the chat template renders `tools` itself. Default: the tokenizer's `templateSupportsTools`. When it
   * does not, the format's system prompt teaches the calls and they are written as text in message contents.
   */
  native?: boolean;
  /**
   * Whether `request.messages` are OpenAI-shaped history to rewrite for the template (default true): the tool
   * prompt is added to the system message, and assistant `tool_calls` and `tool` results are written the way the
   * format shows them. Pass `false` when the messages were already built with the format's own messages.
   */
  prepareMessages?: boolean;
  /** Ids for new calls (default: `call` and 8 random letters or digits, unique enough across a conversation). */
  newId?: () => string;
}
