import type { ChatMessage, StructuralTagFormat } from '@pocketlm/core';
import { toToolDefinitions } from '../tools/resolve-tools.js';
import type { ToolCall, ToolSpec } from '../tools/tool.js';
import { nativeCallsMessage, nativeResultMessage, writtenCallsMessage } from './call-messages.js';
import { callTagFormat, structurePerTool } from './call-tag-format.js';
import { jsonValueEnd } from './json-scan.js';
import { ReplyBuilder, stripEndTokens } from './read-call.js';
import { templateJson } from './template-json.js';
import type { ParsedReply, ToolCallFormat } from './tool-call-format.js';
import type { ToolChoice } from './tool-choice.js';

/** Where a call starts: Meta's format always opens with the name (whitespace allowed in free-running output). */
const CALL_START = /\{\s*"name"\s*:/g;
/** Llama 3.1 may put this control token before a call; it is not part of the call. */
const PYTHON_TAG = '<|python_tag|>';

/**
 * Llama 3.1 / 3.2 / 3.3 JSON tool calling (Meta's chat template): the reply is
 * `{"name": <function>, "parameters": {…}}`, results come back as `ipython` messages. Meta's template renders
 * one call per assistant turn.
 */
export const llama3JsonFormat: ToolCallFormat = {
  name: 'llama3-json',

  responseFormat(tools: ToolSpec[], choice: ToolChoice): StructuralTagFormat {
    return callTagFormat(tools, choice, {
      // The call has no tag around it: reaching `{"name"` is what starts it (the trigger counts as its start).
      trigger: '{"name"',
      structures: (chosen) => structurePerTool(chosen, { begin: '', end: '', argsKey: 'parameters' }),
      // Meta's template renders one call per turn: the model ends its turn after a call.
      stopAfterFirst: true,
    });
  },

  parse(output: string, tools: ToolSpec[], newId: () => string): ParsedReply {
    const text = stripEndTokens(output).replaceAll(PYTHON_TAG, '');
    const reply = new ReplyBuilder(tools, newId, 'parameters');
    let pos = 0;
    for (const match of text.matchAll(CALL_START)) {
      if (match.index < pos) continue; // inside a call already read
      textBetween(reply, text.slice(pos, match.index));
      const end = jsonValueEnd(text, match.index);
      if (end < 0) {
        reply.cutOff(text.slice(match.index));
        pos = text.length;
        break;
      }
      reply.json(text.slice(match.index, end));
      pos = end;
    }
    textBetween(reply, text.slice(pos));
    return reply.build();
  },

  assistantMessage(text: string, calls: ToolCall[], native: boolean): ChatMessage {
    // Meta's template raises on more than one call in a turn, so several calls are written out as text.
    if (native && calls.length === 1) return nativeCallsMessage(text, calls);
    return writtenCallsMessage(text, calls, writeCall);
  },

  toolResultMessage(call: ToolCall, content: string, native: boolean): ChatMessage {
    if (native) return nativeResultMessage('ipython', call, content);
    return { role: 'user', content: `Function "${call.name}" returned:\n${content}` };
  },

  systemPrompt(tools: ToolSpec[]): string {
    // Meta's wording (the template's system-prompt variant), and the tools as it writes them (indent 4).
    const signatures = toToolDefinitions(tools)
      .map((t) => JSON.stringify(t, null, 4))
      .join('\n\n');
    return (
      'You have access to the following functions. To call a function, please respond with JSON for a function ' +
      'call. Respond in the format {"name": function name, "parameters": dictionary of argument name and its ' +
      'value}. Do not use variables.\n\n' +
      `${signatures}\n\n` +
      'Function results are given back to you in a message that starts with: Function "<function name>" ' +
      'returned:\nWhen no function is needed, answer in plain text.'
    );
  },
};

function writeCall(call: ToolCall): string {
  return `{"name": ${JSON.stringify(call.name)}, "parameters": ${templateJson(call.arguments)}}`;
}

/** Text between calls, without the separators models put between several calls (`;`, `,`, a JSON array's brackets). */
function textBetween(reply: ReplyBuilder, piece: string): void {
  if (!/^[\s;,[\]]*$/.test(piece)) reply.text(piece);
}
