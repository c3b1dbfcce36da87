import type { ParsedReply, ToolCallFormat } from '../src/formats/tool-call-format.js';
import type { ToolSpec } from '../src/tools/tool.js';

/** The tools the format tests offer the model: weather in a city (city required) and a search. */
export const weatherSpec: ToolSpec = {
  name: 'get_weather',
  description: 'Current weather in a city.',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};
export const searchSpec: ToolSpec = {
  name: 'search',
  description: '',
  parameters: { type: 'object', properties: { query: { type: 'string' } } },
};

/** `format.parse` against `specs`, numbering call ids `call_1`, `call_2`, … afresh for every reply. */
export function parserFor(format: ToolCallFormat, specs: ToolSpec[]): (output: string) => ParsedReply {
  return (output) => {
    let n = 0;
    return format.parse(output, specs, () => `call_${++n}`);
  };
}

/** What `parse` gives for a reply without calls: its text alone. */
export function textOnly(text: string): ParsedReply {
  return { text, calls: [], malformed: [] };
}

/** What `parse` gives for a reply that is one call and nothing else (the first id a parser hands out). */
export function callOnly(name: string, args: Record<string, unknown>): ParsedReply {
  return { text: '', calls: [{ id: 'call_1', name, arguments: args }], malformed: [] };
}
