import type { ChatMessage, ChatToolCall } from '@pocketlm/core';
import type { ToolCall } from '../tools/tool.js';

/** One call as Hugging Face chat templates read it from `message.tool_calls`. */
export function chatToolCall(call: ToolCall, id = call.id): ChatToolCall {
  return { id, type: 'function', function: { name: call.name, arguments: call.arguments } };
}

/**
 * The assistant message for a template that renders calls itself, from `tool_calls`. `callId` is for templates
 * that only accept ids of their own shape (Mistral's).
 */
export function nativeCallsMessage(
  text: string,
  calls: ToolCall[],
  callId: (call: ToolCall) => string = (call) => call.id,
): ChatMessage {
  return { role: 'assistant', content: text, tool_calls: calls.map((c) => chatToolCall(c, callId(c))) };
}

/** The calls written into the content after the text, one per line, as Qwen's and Meta's templates render them. */
export function writtenCallsMessage(
  text: string,
  calls: ToolCall[],
  write: (call: ToolCall) => string,
): ChatMessage {
  const content = [text, ...calls.map(write)].filter((part) => part !== '').join('\n');
  return { role: 'assistant', content };
}

/** A call's result for a template that renders results itself (`role` is `tool`, or Llama's `ipython`). */
export function nativeResultMessage(
  role: string,
  call: ToolCall,
  content: string,
  id = call.id,
): ChatMessage {
  return { role, content, tool_call_id: id, name: call.name };
}
