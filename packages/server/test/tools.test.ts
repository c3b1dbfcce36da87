import type { Engine } from '@pocketlm/core';
import type OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/index.js';
import { closeAll, post, tinyServer } from './live-server.js';

const tools: OpenAI.Chat.Completions.ChatCompletionTool[] = [
  {
    type: 'function',
    function: {
      name: 'get_weather',
      description: 'Weather in a city',
      parameters: {
        type: 'object',
        properties: { city: { type: 'string', enum: ['Paris', 'Oslo'] } },
        required: ['city'],
        additionalProperties: false,
      },
    },
  },
  {
    type: 'function',
    function: {
      name: 'add',
      description: 'Adds two small numbers',
      parameters: {
        type: 'object',
        properties: {
          a: { type: 'integer', minimum: 0, maximum: 9 },
          b: { type: 'integer', minimum: 0, maximum: 9 },
        },
        required: ['a', 'b'],
        additionalProperties: false,
      },
    },
  },
];
const messages = [{ role: 'user' as const, content: 'What is the weather in Paris?' }];

/** Checks a call against the tools above: a known name and arguments that fit its schema. */
function expectValidCall(call: { id: string; type: string; function: { name: string; arguments: string } }) {
  expect(call.type).toBe('function');
  expect(call.id.length).toBeGreaterThan(0);
  const args = JSON.parse(call.function.arguments);
  if (call.function.name === 'get_weather') expect(['Paris', 'Oslo']).toContain(args.city);
  else {
    expect(call.function.name).toBe('add');
    expect(Object.keys(args).sort()).toEqual(['a', 'b']);
  }
}

describe('tool calls in the OpenAI shapes', () => {
  let engine: Engine;
  let server: RunningServer;
  let client: OpenAI;

  beforeAll(async () => {
    ({ engine, server, client } = await tinyServer());
  });
  afterAll(() => closeAll(server, engine));

  it('tool_choice "required" answers with calls whose arguments validate, finish_reason tool_calls', async () => {
    const reply = await client.chat.completions.create({
      model: 'tiny',
      messages,
      tools,
      tool_choice: 'required',
      max_tokens: 200,
    });
    const choice = reply.choices[0];
    expect(choice.finish_reason).toBe('tool_calls');
    expect(choice.message.content).toBeNull();
    expect(choice.message.tool_calls?.length).toBeGreaterThan(0);
    for (const call of choice.message.tool_calls ?? []) expectValidCall(call as never);
  });

  it('a named tool_choice calls that tool; parallel_tool_calls false makes exactly one call', async () => {
    const reply = await client.chat.completions.create({
      model: 'tiny',
      messages,
      tools,
      tool_choice: { type: 'function', function: { name: 'add' } },
      parallel_tool_calls: false,
      max_tokens: 200,
    });
    const calls = reply.choices[0].message.tool_calls ?? [];
    expect(calls).toHaveLength(1);
    expect((calls[0] as { function: { name: string } }).function.name).toBe('add');
    expectValidCall(calls[0] as never);
  });

  it('streams calls as delta.tool_calls with index, id, type and function', async () => {
    const stream = await client.chat.completions.create({
      model: 'tiny',
      messages,
      tools,
      tool_choice: 'required',
      max_tokens: 200,
      stream: true,
    });
    const deltas = [];
    let finish: string | null = null;
    for await (const chunk of stream) {
      for (const d of chunk.choices[0]?.delta.tool_calls ?? []) deltas.push(d);
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect(finish).toBe('tool_calls');
    expect(deltas.length).toBeGreaterThan(0);
    deltas.forEach((d, i) => {
      expect(d.index).toBe(i);
      expectValidCall(d as never);
    });
  });

  it('takes tool results back (assistant tool_calls, then role tool) and answers in text under tool_choice none', async () => {
    const reply = await client.chat.completions.create({
      model: 'tiny',
      messages: [
        ...messages,
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            {
              id: 'call1',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
            },
          ],
        },
        { role: 'tool', tool_call_id: 'call1', content: '21 °C and sunny' },
      ],
      tools,
      tool_choice: 'none',
      max_tokens: 8,
    });
    expect(reply.choices[0].message.tool_calls).toBeUndefined();
    expect(reply.choices[0].finish_reason).toBe('length');
    expect(typeof reply.choices[0].message.content).toBe('string');
    // The history (with the call and its result) reached the prompt: it is longer than the question alone.
    const alone = await client.chat.completions.create({ model: 'tiny', messages, max_tokens: 1 });
    expect(reply.usage!.prompt_tokens).toBeGreaterThan(alone.usage!.prompt_tokens + 10);
  });

  it('refuses a tool_choice naming no tool, and tools together with response_format', async () => {
    const url = `${server.url}/v1/chat/completions`;
    const unknown = await post(url, {
      model: 'tiny',
      messages,
      tools,
      tool_choice: { type: 'function', function: { name: 'nope' } },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error).toMatchObject({ code: 'INVALID_OPTIONS', param: 'tool_choice' });
    const both = await post(url, {
      model: 'tiny',
      messages,
      tools,
      response_format: { type: 'json_object' },
    });
    expect(both.status).toBe(400);
    expect(both.json.error.param).toBe('response_format');
    const orphan = await post(url, { model: 'tiny', messages, tool_choice: 'required' });
    expect(orphan.status).toBe(400);
  });
});
