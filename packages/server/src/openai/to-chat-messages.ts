import type { ChatMessage, ChatToolCall } from '@pocketlm/core';
import { HttpError } from '../http/http-error.js';
import type { OpenAIChatMessage } from './chat-request-schema.js';

/** Message content as one string: text parts are joined as OpenAI concatenates them. */
export function contentText(content: string | { text: string }[] | null | undefined): string {
  if (content == null) return '';
  return typeof content === 'string' ? content : content.map((p) => p.text).join('');
}

/**
 * OpenAI chat messages as the core's: `developer` is a system message, tool-call `arguments` (a JSON string on
 * the wire) become the object chat templates render, and a tool result keeps its `tool_call_id`.
 */
export function toChatMessages(messages: OpenAIChatMessage[]): ChatMessage[] {
  return messages.map((m, i): ChatMessage => {
    if (m.role === 'user') {
      return { role: 'user', content: contentText(m.content), ...(m.name ? { name: m.name } : {}) };
    }
    if (m.role === 'tool')
      return { role: 'tool', content: contentText(m.content), tool_call_id: m.tool_call_id };
    if (m.role === 'assistant') {
      const message: ChatMessage = { role: 'assistant', content: contentText(m.content) };
      const calls = m.tool_calls ?? [];
      if (calls.length > 0) {
        message.tool_calls = calls.map((c, j) => toolCallOf(c, `messages[${i}].tool_calls[${j}]`));
      }
      return message;
    }
    return { role: 'system', content: contentText(m.content) };
  });
}

function toolCallOf(
  call: { id: string; function: { name: string; arguments: string } },
  path: string,
): ChatToolCall {
  let args: unknown;
  try {
    args = JSON.parse(call.function.arguments || '{}');
  } catch {
    args = undefined;
  }
  if (typeof args !== 'object' || args === null || Array.isArray(args)) {
    throw new HttpError(400, `Invalid "${path}.function.arguments": must be a JSON object in a string.`, {
      code: 'INVALID_OPTIONS',
      param: `${path}.function.arguments`,
    });
  }
  return {
    id: call.id,
    type: 'function',
    function: { name: call.function.name, arguments: args as Record<string, unknown> },
  };
}

/** Names tool results by their call: templates (and Mistral's) read `name` on a `tool` message. */
export function nameToolResults(messages: ChatMessage[]): ChatMessage[] {
  const names = new Map<string, string>();
  for (const m of messages) for (const c of m.tool_calls ?? []) if (c.id) names.set(c.id, c.function.name);
  return messages.map((m) =>
    m.role === 'tool' && m.tool_call_id && names.has(m.tool_call_id) && !m.name
      ? { ...m, name: names.get(m.tool_call_id) }
      : m,
  );
}
