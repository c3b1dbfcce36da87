import { type Engine, type EngineMiddleware, PocketLMError, wrapEngine } from '@pocketlm/core';
import { collect } from '@pocketlm/testkit';
import Ajv from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  hermesFormat,
  streamToolStep,
  type ToolSpec,
  type ToolStepEvent,
  toolStepMessages,
} from '../src/index.js';
import { tinyEngine } from './engine-fixture.js';

let engine: Engine;
beforeAll(async () => {
  engine = await tinyEngine();
});
afterAll(() => engine.dispose());

const lookup: ToolSpec = {
  name: 'lookup',
  description: 'Look a word up.',
  parameters: {
    type: 'object',
    properties: { word: { enum: ['apple', 'pear'] }, times: { type: 'integer', minimum: 1, maximum: 3 } },
    required: ['word', 'times'],
    additionalProperties: false,
  },
};
const validate = new Ajv().compile(lookup.parameters);
const request = { messages: [{ role: 'user', content: 'Look up apple.' }], maxTokens: 120, seed: 5 };

function finishOf(events: ToolStepEvent[]) {
  const finish = events.at(-1);
  if (finish?.type !== 'finish') throw new Error('no finish event');
  return finish;
}

describe('streamToolStep on a real engine (random-weight tiny fixture)', () => {
  it('required: the reply is calls only, each validating, with its JSON text; finish says tool-calls', async () => {
    const events = await collect(
      streamToolStep(engine, request, { tools: [lookup], toolChoice: 'required' }),
    );
    const finish = finishOf(events);
    const calls = events.filter((e) => e.type === 'tool-call');
    expect(calls.length).toBeGreaterThan(0);
    for (const event of calls) {
      expect(validate(event.call.arguments), JSON.stringify(validate.errors)).toBe(true);
      expect(JSON.parse(event.argumentsText)).toEqual(event.call.arguments);
      expect(event.call.id).toMatch(/^call[A-Za-z0-9]{8}$/);
    }
    expect(events.some((e) => e.type === 'text-delta')).toBe(false);
    expect(finish.finishReason).toBe('tool-calls');
    expect(finish.toolCalls).toEqual(calls.map((e) => e.call));
    // The tiny fixture's template cannot render tools: the calls are written into the message in Hermes syntax.
    expect(finish.message.role).toBe('assistant');
    expect(finish.message.content).toContain('<tool_call>');
    expect(finish.usage.completionTokens).toBe(finish.generation.tokens.length);
  });

  it('a named tool with parallel calls off: exactly one call of that tool', async () => {
    const events = await collect(
      streamToolStep(engine, request, {
        tools: [{ ...lookup, name: 'other' }, lookup],
        toolChoice: { name: 'lookup' },
        parallelToolCalls: false,
      }),
    );
    const calls = events.filter((e) => e.type === 'tool-call');
    expect(calls.map((e) => e.call.name)).toEqual(['lookup']);
  });

  it('none: free text under the request’s own responseFormat, streamed deltas adding up to the text', async () => {
    const schema = { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] };
    const events = await collect(
      streamToolStep(
        engine,
        { ...request, maxTokens: 40, responseFormat: { type: 'json_schema', schema } },
        { tools: [lookup], toolChoice: 'none' },
      ),
    );
    const finish = finishOf(events);
    const streamed = events.map((e) => (e.type === 'text-delta' ? e.text : '')).join('');
    expect(streamed).toBe(finish.text);
    expect(finish.toolCalls).toEqual([]);
    if (finish.finishReason === 'stop') expect(typeof JSON.parse(finish.text).ok).toBe('boolean');
  });

  it('auto behind redacting middleware: the finish text is the prose as shown, not re-decoded tokens', async () => {
    // Hides e, i and u (none is in "<tool_call>"), as a guard redacting its output would; tokens stay as generated.
    const redact = (text: string) => text.replace(/[eiu]/g, '*');
    const redacting: EngineMiddleware = {
      async *wrapStream({ request, doStream }) {
        for await (const event of doStream(request)) {
          if (event.type === 'text-delta') yield { ...event, text: redact(event.text) };
          else if (event.type === 'finish') yield { ...event, text: redact(event.text) };
          else yield event;
        }
      },
    };
    const events = await collect(
      streamToolStep(
        wrapEngine(engine, redacting),
        { ...request, seed: 2 },
        { tools: [lookup], toolChoice: 'auto' },
      ),
    );
    const finish = finishOf(events);
    const shown = events.map((e) => (e.type === 'text-delta' ? e.text : '')).join('');
    expect(finish.text.length).toBeGreaterThan(0);
    expect(finish.text).toBe(shown.trim());
    expect(finish.text).not.toMatch(/[eiu]/);
    // The conversation keeps the model's own words, which did have them: re-decoding would have leaked them.
    expect(finish.message.content.split('<tool_call>')[0]).toMatch(/[eiu]/);
  });

  it('refuses a tool choice naming no tool, and a responseFormat on a turn that may call tools', async () => {
    const bad = streamToolStep(engine, request, { tools: [lookup], toolChoice: { name: 'nope' } });
    await expect(collect(bad)).rejects.toMatchObject({ code: 'INVALID_OPTIONS' });
    const both = streamToolStep(
      engine,
      { ...request, responseFormat: { type: 'json_object' } },
      { tools: [lookup], toolChoice: 'auto' },
    );
    const error = await collect(both).catch((e: unknown) => e);
    expect(PocketLMError.isInstance(error) && error.details?.option).toBe('responseFormat');
  });
});

describe('toolStepMessages', () => {
  const history = [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'Look up pear.' },
    {
      role: 'assistant',
      content: '',
      tool_calls: [
        { id: 'call1', type: 'function' as const, function: { name: 'lookup', arguments: { word: 'pear' } } },
      ],
    },
    { role: 'tool', content: 'pear: a fruit', tool_call_id: 'call1' },
  ];

  it('for a template without tools: the tool prompt joins the system message, calls and results become text', () => {
    const out = toolStepMessages(history, { tools: [lookup], format: hermesFormat, native: false });
    expect(out[0].content.startsWith('Be brief.\n\n# Tools')).toBe(true);
    expect(out[2]).toEqual({
      role: 'assistant',
      content: '<tool_call>\n{"name": "lookup", "arguments": {"word": "pear"}}\n</tool_call>',
    });
    expect(out[3]).toEqual({ role: 'user', content: '<tool_response>\npear: a fruit\n</tool_response>' });
  });

  it('for a template that renders tools: calls stay as tool_calls and the result names its tool', () => {
    const out = toolStepMessages(history, { tools: [lookup], format: hermesFormat, native: true });
    expect(out[0]).toEqual(history[0]);
    expect(out[2].tool_calls?.[0].function).toEqual({ name: 'lookup', arguments: { word: 'pear' } });
    expect(out[3]).toMatchObject({ role: 'tool', tool_call_id: 'call1', name: 'lookup' });
  });
});
