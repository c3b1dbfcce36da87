import type { ChatMessage } from '@pocketlm/core';
import type { ToolCallFormat } from '../formats/tool-call-format.js';
import type { ToolCall, ToolSpec } from '../tools/tool.js';

/**
 * Rewrites OpenAI-shaped chat history (assistant `tool_calls`, `tool` results with `tool_call_id`) into what the
 * model's template and tool-call format expect: the format's tool prompt joins the system message when the template
 * cannot render `tools`, and earlier calls and results go through the format's own messages, so the model reads
 * its past calls in the syntax it is asked to write.
 */
export function toolStepMessages(
  messages: readonly ChatMessage[],
  options: { tools: readonly ToolSpec[]; format: ToolCallFormat; native: boolean; system?: string },
): ChatMessage[] {
  const { format, native } = options;
  const names = new Map<string, string>();
  const out: ChatMessage[] = [];
  for (const message of messages) {
    if (message.role === 'assistant' && message.tool_calls?.length) {
      const calls: ToolCall[] = message.tool_calls.map((c, i) => ({
        id: c.id ?? `call${i}`,
        name: c.function.name,
        arguments: c.function.arguments,
      }));
      for (const call of calls) names.set(call.id, call.name);
      out.push(format.assistantMessage(message.content, calls, native));
    } else if (message.role === 'tool') {
      const id = message.tool_call_id ?? '';
      const call: ToolCall = { id, name: message.name ?? names.get(id) ?? '', arguments: {} };
      out.push(format.toolResultMessage(call, message.content, native));
    } else {
      out.push(message);
    }
  }
  const system = [
    options.system,
    native || options.tools.length === 0 ? undefined : format.systemPrompt([...options.tools]),
  ]
    .filter((s): s is string => typeof s === 'string' && s.length > 0)
    .join('\n\n');
  if (!system) return out;
  if (out[0]?.role === 'system') {
    const merged = [out[0].content, system].filter(Boolean).join('\n\n');
    return [{ ...out[0], content: merged }, ...out.slice(1)];
  }
  return [{ role: 'system', content: system }, ...out];
}
