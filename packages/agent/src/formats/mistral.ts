import type { ChatMessage, StructuralTagFormat } from '@pocketlm/core';
import { toToolDefinitions } from '../tools/resolve-tools.js';
import type { JsonSchema, ToolCall, ToolSpec } from '../tools/tool.js';
import { nativeCallsMessage, nativeResultMessage } from './call-messages.js';
import { callSchema } from './call-schema.js';
import { callTagFormat } from './call-tag-format.js';
import { jsonValueEnd, skipSpace } from './json-scan.js';
import { parseMarkedReply } from './marked-reply.js';
import { mistralCallId } from './mistral-call-id.js';
import { ReplyBuilder } from './read-call.js';
import { templateJson } from './template-json.js';
import type { ParsedReply, ToolCallFormat } from './tool-call-format.js';
import type { ToolChoice } from './tool-choice.js';

const TOOL_CALLS = '[TOOL_CALLS]';
/** The newer (tekken v7+) way of writing one call: `[TOOL_CALLS]name[ARGS]{…}`, optionally with `[CALL_ID]id`. */
const NAMED_CALL = /^([A-Za-z0-9_-]+)(?:\[CALL_ID\][A-Za-z0-9]*)?\[ARGS\]/;

/**
 * Mistral function calling (Mistral 7B v0.3, Nemo, Small): `[TOOL_CALLS]` (a control token) and then a JSON
 * array of `{"name": …, "arguments": {…}}` calls; results come back as `tool` messages whose `tool_call_id` must
 * be 9 letters or digits. Parsing also reads the newer `[TOOL_CALLS]name[ARGS]{…}` form.
 */
export const mistralFormat: ToolCallFormat = {
  name: 'mistral',

  responseFormat(tools: ToolSpec[], choice: ToolChoice): StructuralTagFormat {
    return callTagFormat(tools, choice, {
      trigger: TOOL_CALLS,
      // One structure: the whole call list, each item a call of one of the tools.
      structures: (chosen) => [
        { begin: TOOL_CALLS, schema: { type: 'array', items: callItems(chosen), minItems: 1 }, end: '' },
      ],
    });
  },

  parse(output: string, tools: ToolSpec[], newId: () => string): ParsedReply {
    return parseMarkedReply(output, TOOL_CALLS, new ReplyBuilder(tools, newId, 'arguments'), readCalls);
  },

  assistantMessage(text: string, calls: ToolCall[], native: boolean): ChatMessage {
    if (native && calls.length > 0) return nativeCallsMessage(text, calls, (c) => mistralCallId(c.id));
    if (calls.length === 0) return { role: 'assistant', content: text };
    const list = calls.map((c) => templateJson({ name: c.name, arguments: c.arguments })).join(', ');
    return { role: 'assistant', content: `${text}${TOOL_CALLS}[${list}]` };
  },

  toolResultMessage(call: ToolCall, content: string, native: boolean): ChatMessage {
    if (native) return nativeResultMessage('tool', call, content, mistralCallId(call.id));
    const value = isJson(content) ? content.trim() : JSON.stringify(content);
    return {
      role: 'user',
      content: `[TOOL_RESULTS]{"name": ${JSON.stringify(call.name)}, "content": ${value}}[/TOOL_RESULTS]`,
    };
  },

  systemPrompt(tools: ToolSpec[]): string {
    const signatures = templateJson(toToolDefinitions(tools));
    return (
      `You can call these functions:\n[AVAILABLE_TOOLS]${signatures}[/AVAILABLE_TOOLS]\n\n` +
      'To call one or more of them, reply with [TOOL_CALLS] followed by a JSON array of calls:\n' +
      '[TOOL_CALLS][{"name": <function-name>, "arguments": <args-json-object>}]\n' +
      'Each result is given back to you as ' +
      '[TOOL_RESULTS]{"name": <function-name>, "content": <result>}[/TOOL_RESULTS]. ' +
      'When no function is needed, answer in plain text.'
    );
  },
};

/** The schema of one item of the call list: a call of the one tool, or of any of them. */
function callItems(tools: ToolSpec[]): JsonSchema {
  return tools.length === 1
    ? callSchema(tools[0], 'arguments', '#/items')
    : { anyOf: tools.map((t, i) => callSchema(t, 'arguments', `#/items/anyOf/${i}`)) };
}

/** Reads the calls after the `[TOOL_CALLS]` at `at`; returns where the text after them starts. */
function readCalls(text: string, at: number, reply: ReplyBuilder): number {
  const start = skipSpace(text, at + TOOL_CALLS.length);
  const named = NAMED_CALL.exec(text.slice(start));
  const json = named ? skipSpace(text, start + named[0].length) : start;
  if (text[json] !== '[' && text[json] !== '{') {
    const raw = text.slice(at, Math.min(text.length, json + 80));
    reply.bad(raw, 'After [TOOL_CALLS] must come a JSON array of calls: [{"name": …, "arguments": {…}}].');
    return json;
  }
  const end = jsonValueEnd(text, json);
  const raw = text.slice(at, end < 0 ? text.length : end);
  if (end < 0) {
    reply.cutOff(raw);
    return text.length;
  }
  let value: unknown;
  try {
    value = JSON.parse(text.slice(json, end));
  } catch {
    reply.json(text.slice(json, end), raw); // reports JSON.parse's error
    return end;
  }
  if (named) reply.named(named[1], value, raw);
  else if (Array.isArray(value) && value.length === 0) reply.bad(raw, 'The list of tool calls is empty.');
  else if (Array.isArray(value)) for (const item of value) reply.value(item, raw);
  else reply.value(value, raw);
  return end;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
