import { describe, expect, it } from 'vitest';
import { llama3JsonFormat } from '../src/formats/llama3-json.js';
import type { ToolSpec } from '../src/tools/tool.js';
import { callOnly, parserFor, textOnly, weatherSpec } from './format-fixtures.js';

const specs: ToolSpec[] = [
  weatherSpec,
  {
    name: 'find_people',
    description: '',
    parameters: { type: 'object', properties: { filter: { type: 'object' } }, required: ['filter'] },
  },
];
const parse = parserFor(llama3JsonFormat, specs);

describe('llama3JsonFormat.parse', () => {
  it('reads the reply Meta documents, ending with <|eot_id|>', () => {
    expect(parse('{"name": "get_weather", "parameters": {"city": "Paris"}}<|eot_id|>')).toEqual(
      callOnly('get_weather', { city: 'Paris' }),
    );
  });

  it('reads a call after <|python_tag|> (Llama 3.1) ending with <|eom_id|>, and compact constrained JSON', () => {
    const reply = parse('<|python_tag|>{"name":"get_weather","parameters":{"city":"Oslo"}}<|eom_id|>');
    expect(reply.calls).toEqual([{ id: 'call_1', name: 'get_weather', arguments: { city: 'Oslo' } }]);
    expect(reply.text).toBe('');
  });

  it('reads several calls separated by ";" or in an array, without keeping the separators as text', () => {
    for (const output of [
      '{"name": "get_weather", "parameters": {"city": "A"}}; {"name": "get_weather", "parameters": {"city": "B"}}',
      '[{"name": "get_weather", "parameters": {"city": "A"}},\n {"name": "get_weather", "parameters": {"city": "B"}}]',
    ]) {
      const reply = parse(output);
      expect(reply.calls.map((c) => c.arguments)).toEqual([{ city: 'A' }, { city: 'B' }]);
      expect(reply.text).toBe('');
    }
  });

  it('keeps text around calls, skips "name" keys nested in arguments, accepts "arguments"', () => {
    const reply = parse(
      'Let me look that up.\n{"name": "find_people", "parameters": {"filter": {"name": "Ada"}}}\n' +
        '{ "name" : "get_weather", "arguments": {"city": "Rome"} }\nDone.<|eot_id|>',
    );
    expect(reply.text).toBe('Let me look that up.\n\nDone.');
    expect(reply.calls.map((c) => [c.name, c.arguments])).toEqual([
      ['find_people', { filter: { name: 'Ada' } }],
      ['get_weather', { city: 'Rome' }],
    ]);
    expect(reply.malformed).toEqual([]);
  });

  it('reports unknown tools, broken JSON and cut-off calls', () => {
    const reply = parse(
      '{"name": "book_flight", "parameters": {}}\n{"name": "get_weather", "parameters": {"city": \'Paris\'}}\n' +
        '{"name": "get_weather", "parameters": {"ci',
    );
    expect(reply.calls).toEqual([]);
    expect(reply.malformed.map((m) => m.error)).toEqual([
      'There is no tool named "book_flight". The tools are: "get_weather", "find_people".',
      expect.stringMatching(
        /^The tool call is not valid JSON \(.+\)\. Write \{"name": <tool name>, "parameters"/,
      ),
      'The tool call is cut off: its JSON never closes.',
    ]);
    expect(reply.malformed[0].raw).toBe('{"name": "book_flight", "parameters": {}}');
  });

  it('returns plain answers as text', () => {
    expect(parse('It is 21 °C in Paris.<|eot_id|>')).toEqual(textOnly('It is 21 °C in Paris.'));
  });
});

describe('llama3JsonFormat messages', () => {
  const call = { id: 'c1', name: 'get_weather', arguments: { city: 'Paris' } };

  it('writes one native call as tool_calls, several as text (Meta renders one per turn)', () => {
    expect(llama3JsonFormat.assistantMessage('', [call], true)).toEqual({
      role: 'assistant',
      content: '',
      tool_calls: [
        { id: 'c1', type: 'function', function: { name: 'get_weather', arguments: { city: 'Paris' } } },
      ],
    });
    expect(llama3JsonFormat.assistantMessage('', [call, { ...call, id: 'c2' }], true)).toEqual({
      role: 'assistant',
      content:
        '{"name": "get_weather", "parameters": {"city": "Paris"}}\n{"name": "get_weather", "parameters": {"city": "Paris"}}',
    });
  });

  it('returns results as ipython messages, or user messages naming the function', () => {
    expect(llama3JsonFormat.toolResultMessage(call, '{"temp": 21}', true)).toEqual({
      role: 'ipython',
      content: '{"temp": 21}',
      tool_call_id: 'c1',
      name: 'get_weather',
    });
    expect(llama3JsonFormat.toolResultMessage(call, '{"temp": 21}', false)).toEqual({
      role: 'user',
      content: 'Function "get_weather" returned:\n{"temp": 21}',
    });
  });

  it("teaches the format in Meta's words, with the tools indented as its template writes them", () => {
    const prompt = llama3JsonFormat.systemPrompt(specs);
    expect(prompt).toContain(
      'Respond in the format {"name": function name, "parameters": dictionary of argument name and its value}.',
    );
    expect(prompt).toContain('{\n    "type": "function",\n    "function": {\n        "name": "get_weather",');
    expect(prompt).toContain('Function "<function name>" returned:');
  });
});
