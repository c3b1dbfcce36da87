import { describe, expect, it } from 'vitest';
import { hermesFormat } from '../src/formats/hermes.js';
import { callOnly, parserFor, searchSpec, textOnly, weatherSpec } from './format-fixtures.js';

const specs = [weatherSpec, searchSpec];
const parse = parserFor(hermesFormat, specs);

describe('hermesFormat.parse', () => {
  it('reads a Qwen2.5 call that ends with <|im_end|>', () => {
    const reply = parse(
      '<tool_call>\n{"name": "get_weather", "arguments": {"city": "Paris"}}\n</tool_call><|im_end|>',
    );
    expect(reply).toEqual(callOnly('get_weather', { city: 'Paris' }));
  });

  it('reads several calls after some text, and text after them', () => {
    const reply = parse(
      'I\'ll check both cities.\n<tool_call>\n{"name": "get_weather", "arguments": {"city": "Paris"}}\n' +
        '</tool_call>\n<tool_call>\n{"name": "get_weather", "arguments": {"city": "Oslo"}}\n</tool_call>\n' +
        'One moment.<|im_end|>',
    );
    expect(reply.text).toBe("I'll check both cities.\n\nOne moment.");
    expect(reply.calls).toEqual([
      { id: 'call_1', name: 'get_weather', arguments: { city: 'Paris' } },
      { id: 'call_2', name: 'get_weather', arguments: { city: 'Oslo' } },
    ]);
    expect(reply.malformed).toEqual([]);
  });

  it('reads the compact calls a constrained model writes, and SmolLM3 calls without newlines', () => {
    expect(
      parse('<tool_call>\n{"name":"search","arguments":{"query":"x"}}\n</tool_call>').calls,
    ).toHaveLength(1);
    const reply = parse('<tool_call>{"name": "search", "arguments": {"query": "x"}}</tool_call></s>');
    expect(reply.calls).toEqual([{ id: 'call_1', name: 'search', arguments: { query: 'x' } }]);
  });

  it('keeps Qwen3 thinking as text', () => {
    const reply = parse(
      '<think>\nThe user wants weather.\n</think>\n\n<tool_call>\n{"name": "get_weather", "arguments": ' +
        '{"city": "Rome"}}\n</tool_call><|im_end|>',
    );
    expect(reply.text).toBe('<think>\nThe user wants weather.\n</think>');
    expect(reply.calls[0].arguments).toEqual({ city: 'Rome' });
  });

  it('is lenient with code fences, string arguments, missing arguments and several calls in one block', () => {
    const reply = parse(
      '<tool_call>\n```json\n{"name": "search", "arguments": "{\\"query\\": \\"a\\"}"}\n```\n</tool_call>\n' +
        '<tool_call>\n{"name": "search"}\n{"name": "get_weather", "arguments": {"city": "Nice"}}\n</tool_call>',
    );
    expect(reply.malformed).toEqual([]);
    expect(reply.calls.map((c) => [c.name, c.arguments])).toEqual([
      ['search', { query: 'a' }],
      ['search', {}],
      ['get_weather', { city: 'Nice' }],
    ]);
  });

  it('accepts a complete call whose closing tag never came', () => {
    const reply = parse('<tool_call>\n{"name": "get_weather", "arguments": {"city": "Bern"}}<|im_end|>');
    expect(reply.calls).toHaveLength(1);
    expect(reply.malformed).toEqual([]);
  });

  it('reports an unknown tool with the tools it could have called', () => {
    const raw = '<tool_call>\n{"name": "send_email", "arguments": {"to": "a@b.c"}}\n</tool_call>';
    const reply = parse(`Sending.\n${raw}<|im_end|>`);
    expect(reply.calls).toEqual([]);
    expect(reply.text).toBe('Sending.');
    expect(reply.malformed).toEqual([
      { raw, error: 'There is no tool named "send_email". The tools are: "get_weather", "search".' },
    ]);
  });

  it('reports JSON that does not parse, and goes on with the next call', () => {
    const reply = parse(
      '<tool_call>\n{"name": "get_weather", "arguments": {"city": Paris}}\n</tool_call>\n' +
        '<tool_call>\n{"name": "search", "arguments": {"query": "Paris"}}\n</tool_call>',
    );
    expect(reply.calls).toEqual([{ id: 'call_1', name: 'search', arguments: { query: 'Paris' } }]);
    expect(reply.malformed).toHaveLength(1);
    expect(reply.malformed[0].raw).toContain('{"city": Paris}');
    expect(reply.malformed[0].error).toMatch(/^The tool call is not valid JSON \(.+\)\. Write \{"name"/);
  });

  it('reports calls that are cut off, empty, nameless or with non-object arguments', () => {
    const errors = (output: string) => parse(output).malformed.map((m) => m.error);
    expect(errors('<tool_call>\n{"name": "get_weather", "arguments": {"city": "Pa')).toEqual([
      'The tool call is cut off: its JSON never closes.',
    ]);
    expect(errors('<tool_call>\n\n</tool_call>')[0]).toMatch(/^The <tool_call> block is empty/);
    expect(errors('<tool_call>{"arguments": {}}</tool_call>')[0]).toMatch(
      /^The tool call has no "name" string/,
    );
    expect(errors('<tool_call>{"name": "search", "arguments": [1]}</tool_call>')[0]).toMatch(
      /^The arguments of "search" must be a JSON object/,
    );
    expect(errors('<tool_call>get_weather(city="Paris")</tool_call>')[0]).toMatch(
      /^The tool call is not valid JSON/,
    );
  });

  it('returns plain replies as text', () => {
    expect(parse('  It is sunny in Paris.\n<|im_end|>')).toEqual(textOnly('It is sunny in Paris.'));
  });
});

describe('hermesFormat messages', () => {
  const call = { id: 'call_7', name: 'get_weather', arguments: { city: 'Zürich', days: [1, 2] } };

  it('writes native calls as tool_calls and results as tool messages', () => {
    expect(hermesFormat.assistantMessage('Checking.', [call], true)).toEqual({
      role: 'assistant',
      content: 'Checking.',
      tool_calls: [
        { id: 'call_7', type: 'function', function: { name: 'get_weather', arguments: call.arguments } },
      ],
    });
    expect(hermesFormat.assistantMessage('Hi!', [], true)).toEqual({ role: 'assistant', content: 'Hi!' });
    expect(hermesFormat.toolResultMessage(call, '{"temp": 3}', true)).toEqual({
      role: 'tool',
      content: '{"temp": 3}',
      tool_call_id: 'call_7',
      name: 'get_weather',
    });
  });

  it('writes calls and results into contents as Qwen renders them', () => {
    expect(hermesFormat.assistantMessage('Checking.', [call, call], false)).toEqual({
      role: 'assistant',
      content:
        'Checking.\n<tool_call>\n{"name": "get_weather", "arguments": {"city": "Zürich", "days": [1, 2]}}\n</tool_call>' +
        '\n<tool_call>\n{"name": "get_weather", "arguments": {"city": "Zürich", "days": [1, 2]}}\n</tool_call>',
    });
    expect(hermesFormat.toolResultMessage(call, 'sunny', false)).toEqual({
      role: 'user',
      content: '<tool_response>\nsunny\n</tool_response>',
    });
  });

  it('teaches the format with the tool block Qwen writes', () => {
    const prompt = hermesFormat.systemPrompt(specs);
    expect(prompt).toContain(
      '<tools>\n{"type": "function", "function": {"name": "get_weather", "description": "Current weather in a city.", ' +
        '"parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}}\n' +
        '{"type": "function", "function": {"name": "search", "parameters": {"type": "object", "properties": ' +
        '{"query": {"type": "string"}}}}}\n</tools>',
    );
    expect(prompt).toContain(
      '<tool_call>\n{"name": <function-name>, "arguments": <args-json-object>}\n</tool_call>',
    );
    expect(prompt).toContain('<tool_response></tool_response>');
  });
});
