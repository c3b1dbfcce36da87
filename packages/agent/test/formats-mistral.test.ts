import { describe, expect, it } from 'vitest';
import { mistralFormat } from '../src/formats/mistral.js';
import { mistralCallId } from '../src/formats/mistral-call-id.js';
import { callOnly, parserFor, searchSpec, textOnly, weatherSpec } from './format-fixtures.js';

const specs = [weatherSpec, searchSpec];
const parse = parserFor(mistralFormat, specs);

describe('mistralFormat.parse', () => {
  it('reads a call list ending with </s>', () => {
    expect(parse('[TOOL_CALLS][{"name": "get_weather", "arguments": {"city": "Paris"}}]</s>')).toEqual(
      callOnly('get_weather', { city: 'Paris' }),
    );
  });

  it('reads v0.3 lists (space after the token, ids the model copied) with several calls', () => {
    const reply = parse(
      '[TOOL_CALLS] [{"name": "get_weather", "arguments": {"city": "Paris"}, "id": "a1b2c3d4e"}, ' +
        '{"name": "search", "arguments": {"query": "Paris events"}}]</s>',
    );
    expect(reply.calls.map((c) => [c.id, c.name, c.arguments])).toEqual([
      ['call_1', 'get_weather', { city: 'Paris' }],
      ['call_2', 'search', { query: 'Paris events' }],
    ]);
  });

  it('keeps the text before and after the calls', () => {
    const reply = parse('Let me check. [TOOL_CALLS][{"name":"search","arguments":{"query":"x"}}] Done.</s>');
    expect(reply.text).toBe('Let me check.\n\nDone.');
    expect(reply.calls).toHaveLength(1);
  });

  it('reads the newer [TOOL_CALLS]name[ARGS]{…} form', () => {
    const reply = parse(
      '[TOOL_CALLS]get_weather[ARGS]{"city": "Lyon"}[TOOL_CALLS]search[CALL_ID]x1[ARGS]{"query": "q"}</s>',
    );
    expect(reply.calls.map((c) => [c.name, c.arguments])).toEqual([
      ['get_weather', { city: 'Lyon' }],
      ['search', { query: 'q' }],
    ]);
    expect(reply.malformed).toEqual([]);
  });

  it('reports unknown tools next to good calls, broken JSON, cut-off lists, empty lists and prose', () => {
    const mixed = parse(
      '[TOOL_CALLS][{"name": "search", "arguments": {}}, {"name": "rm_rf", "arguments": {}}]',
    );
    expect(mixed.calls.map((c) => c.name)).toEqual(['search']);
    expect(mixed.malformed.map((m) => m.error)).toEqual([
      'There is no tool named "rm_rf". The tools are: "get_weather", "search".',
    ]);
    const errors = (output: string) => parse(output).malformed.map((m) => m.error);
    expect(errors('[TOOL_CALLS][{"name": "search", "arguments": {query: 1}}]')[0]).toMatch(
      /^The tool call is not valid JSON/,
    );
    expect(errors('[TOOL_CALLS][{"name": "search", "argu')).toEqual([
      'The tool call is cut off: its JSON never closes.',
    ]);
    expect(errors('[TOOL_CALLS][]</s>')).toEqual(['The list of tool calls is empty.']);
    expect(errors('[TOOL_CALLS] I would call the weather tool.')[0]).toMatch(
      /^After \[TOOL_CALLS\] must come/,
    );
  });

  it('returns plain answers as text', () => {
    expect(parse(' Sunny, 21 °C.</s>')).toEqual(textOnly('Sunny, 21 °C.'));
  });
});

describe('mistralCallId', () => {
  it('gives 9-letter-or-digit ids, the same for the same id, different for different ids', () => {
    const ids = ['call_1', 'call_2', 'c', '', 'a-very-long-id-0123456789-0123456789'].map(mistralCallId);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9]{9}$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect(mistralCallId('call_1')).toBe(ids[0]);
    expect(mistralCallId('O3MwVtQGm')).toBe('O3MwVtQGm');
  });
});

describe('mistralFormat messages', () => {
  const call = { id: 'call_1', name: 'get_weather', arguments: { city: 'Paris' } };

  it('pairs native calls and results by the same 9-character id', () => {
    const message = mistralFormat.assistantMessage('', [call], true);
    const result = mistralFormat.toolResultMessage(call, '{"temp": 21}', true);
    expect(message.tool_calls?.[0].id).toBe(mistralCallId('call_1'));
    expect(result).toEqual({
      role: 'tool',
      content: '{"temp": 21}',
      tool_call_id: mistralCallId('call_1'),
      name: 'get_weather',
    });
  });

  it('writes calls and results into contents in its own syntax, which parse reads back', () => {
    const message = mistralFormat.assistantMessage(
      'Checking.',
      [call, { ...call, name: 'search', arguments: {} }],
      false,
    );
    expect(message).toEqual({
      role: 'assistant',
      content:
        'Checking.[TOOL_CALLS][{"name": "get_weather", "arguments": {"city": "Paris"}}, {"name": "search", "arguments": {}}]',
    });
    expect(parse(message.content).calls.map((c) => c.name)).toEqual(['get_weather', 'search']);
    expect(mistralFormat.toolResultMessage(call, '{"temp": 21}', false).content).toBe(
      '[TOOL_RESULTS]{"name": "get_weather", "content": {"temp": 21}}[/TOOL_RESULTS]',
    );
    expect(mistralFormat.toolResultMessage(call, 'sunny', false).content).toBe(
      '[TOOL_RESULTS]{"name": "get_weather", "content": "sunny"}[/TOOL_RESULTS]',
    );
  });

  it('teaches the call list syntax', () => {
    const prompt = mistralFormat.systemPrompt(specs);
    expect(prompt).toContain('[AVAILABLE_TOOLS][{"type": "function", "function": {"name": "get_weather"');
    expect(prompt).toContain('[TOOL_CALLS][{"name": <function-name>, "arguments": <args-json-object>}]');
  });
});
