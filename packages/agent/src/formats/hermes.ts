import type { ChatMessage, StructuralTagFormat } from '@pocketlm/core';
import { toToolDefinitions } from '../tools/resolve-tools.js';
import type { ToolCall, ToolSpec } from '../tools/tool.js';
import { nativeCallsMessage, nativeResultMessage, writtenCallsMessage } from './call-messages.js';
import { callTagFormat, structurePerTool } from './call-tag-format.js';
import { jsonValueEnd, skipSpace } from './json-scan.js';
import { parseMarkedReply } from './marked-reply.js';
import { ReplyBuilder } from './read-call.js';
import { templateJson } from './template-json.js';
import type { ParsedReply, ToolCallFormat } from './tool-call-format.js';
import type { ToolChoice } from './tool-choice.js';

const OPEN = '<tool_call>';
const CLOSE = '</tool_call>';

/**
 * Hermes-style calls, as Qwen2.5 / Qwen3 / SmolLM3 / Hermes templates write them: one
 * `<tool_call>\n{"name": …, "arguments": {…}}\n</tool_call>` block per call after any text, results in
 * `<tool_response>` blocks. The default for models without tool training too: the tags are easy to teach.
 */
export const hermesFormat: ToolCallFormat = {
  name: 'hermes',

  responseFormat(tools: ToolSpec[], choice: ToolChoice): StructuralTagFormat {
    return callTagFormat(tools, choice, {
      trigger: OPEN,
      structures: (chosen) =>
        structurePerTool(chosen, { begin: `${OPEN}\n`, end: `\n${CLOSE}`, argsKey: 'arguments' }),
    });
  },

  parse(output: string, tools: ToolSpec[], newId: () => string): ParsedReply {
    return parseMarkedReply(output, OPEN, new ReplyBuilder(tools, newId, 'arguments'), readBlockAt);
  },

  assistantMessage(text: string, calls: ToolCall[], native: boolean): ChatMessage {
    if (native && calls.length > 0) return nativeCallsMessage(text, calls);
    return writtenCallsMessage(text, calls, writeCall);
  },

  toolResultMessage(call: ToolCall, content: string, native: boolean): ChatMessage {
    if (native) return nativeResultMessage('tool', call, content);
    return { role: 'user', content: `<tool_response>\n${content}\n</tool_response>` };
  },

  systemPrompt(tools: ToolSpec[]): string {
    // Qwen2.5's own tool block, plus where results come back (its template shows that only by example).
    const signatures = toToolDefinitions(tools)
      .map((t) => templateJson(t))
      .join('\n');
    return (
      '# Tools\n\nYou may call one or more functions to assist with the user query.\n\n' +
      `You are provided with function signatures within <tools></tools> XML tags:\n<tools>\n${signatures}\n</tools>\n\n` +
      'For each function call, return a json object with function name and arguments within <tool_call></tool_call> ' +
      'XML tags:\n<tool_call>\n{"name": <function-name>, "arguments": <args-json-object>}\n</tool_call>\n\n' +
      'Each result is given back to you within <tool_response></tool_response> XML tags.'
    );
  },
};

function writeCall(call: ToolCall): string {
  return `${OPEN}\n{"name": ${JSON.stringify(call.name)}, "arguments": ${templateJson(call.arguments)}}\n${CLOSE}`;
}

/** Reads the block that opens at `open`; returns where the text after it starts. */
function readBlockAt(text: string, open: number, reply: ReplyBuilder): number {
  const body = open + OPEN.length;
  const close = text.indexOf(CLOSE, body);
  const next = text.indexOf(OPEN, body);
  // A block the model never closed ends where the next one opens, or with the reply.
  const unclosed = close < 0 || (next >= 0 && next < close);
  const end = unclosed ? (next >= 0 ? next : text.length) : close;
  const after = unclosed ? end : close + CLOSE.length;
  readBlock(text.slice(body, end), text.slice(open, after), reply);
  return after;
}

/** The calls in one block: usually one object; some models put several objects (or an array) in one block. */
function readBlock(body: string, raw: string, reply: ReplyBuilder): void {
  const inner = body
    .trim()
    .replace(/^```(?:json)?\s*/, '')
    .replace(/\s*```$/, '');
  if (inner === '') {
    reply.bad(
      raw,
      'The <tool_call> block is empty. Write {"name": <tool name>, "arguments": <arguments object>}.',
    );
    return;
  }
  let i = 0;
  while (i < inner.length) {
    if (inner[i] !== '{' && inner[i] !== '[') {
      reply.json(inner.slice(i), raw); // not JSON: reports JSON.parse's error
      return;
    }
    const end = jsonValueEnd(inner, i);
    if (end < 0) {
      reply.cutOff(raw);
      return;
    }
    const json = inner.slice(i, end);
    if (inner[i] === '[') {
      let items: unknown;
      try {
        items = JSON.parse(json);
      } catch {
        reply.json(json, raw);
        return;
      }
      for (const item of items as unknown[]) reply.value(item, raw);
    } else {
      reply.json(json, raw);
    }
    i = skipSpace(inner, end);
    while (inner[i] === ',' || inner[i] === ';') i = skipSpace(inner, i + 1);
  }
}
