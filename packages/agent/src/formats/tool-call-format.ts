import type { ChatMessage, ResponseFormat } from '@pocketlm/core';
import type { ToolCall, ToolSpec } from '../tools/tool.js';

/** A model's reply split into its text and the tool calls it made. */
export interface ParsedReply {
  /** The reply with tool-call blocks removed, trimmed. */
  text: string;
  calls: ToolCall[];
  /** Blocks that looked like tool calls but did not parse: fed back to the model as errors. */
  malformed: { raw: string; error: string }[];
}

/**
 * How one model family writes tool calls (Hermes / Qwen `<tool_call>`, Llama 3 JSON, Mistral `[TOOL_CALLS]`):
 * the constraint that makes its calls always well formed, the parser that reads them back, and the messages that
 * put calls and results into the conversation the chat template renders.
 */
export interface ToolCallFormat {
  readonly name: string;
  /**
   * The response format for one assistant turn: free text until a trigger, then a call whose arguments validate
   * (`auto`); only calls (`required`); or only calls of one tool (`{ name }`).
   */
  responseFormat(tools: ToolSpec[], choice: 'auto' | 'required' | { name: string }): ResponseFormat;
  /** Reads the calls out of a finished reply (decoded with special tokens kept). */
  parse(output: string, tools: ToolSpec[], newId: () => string): ParsedReply;
  /**
   * The assistant message that records a reply and its calls: with `tool_calls` for a template that renders tools
   * (`native`), or with the calls written into `content` in the format's own syntax for one that does not.
   */
  assistantMessage(text: string, calls: ToolCall[], native: boolean): ChatMessage;
  /**
   * The message that returns one call's result (or error text): role `tool` for a native template, otherwise a
   * user message wrapping the result in the format's own syntax (templates without tools often refuse `tool`).
   */
  toolResultMessage(call: ToolCall, content: string, native: boolean): ChatMessage;
  /**
   * A system prompt that teaches the format, for chat templates that do not render `tools` themselves. Tool
   * calls and results are then written as plain text in message contents.
   */
  systemPrompt(tools: ToolSpec[]): string;
}
