import type { Engine } from '@pocketlm/core';
import { generateText, stepCountIs, streamText, tool } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { PocketLMProvider } from '../src/index.js';
import { tinyProvider } from './engine-fixture.js';

let engine: Engine;
let pocketlm: PocketLMProvider;
beforeAll(async () => {
  ({ engine, pocketlm } = await tinyProvider());
});
afterAll(() => engine.dispose());

const weatherInput = z.object({
  city: z.enum(['Paris', 'Oslo', 'Rome']),
  days: z.number().int().min(1).max(5),
});
const timeInput = z.object({ zone: z.enum(['UTC', 'CET']) });
const prompt = 'What is the weather in Paris for the next two days?';
const settings = { maxOutputTokens: 120, temperature: 1 } as const;

function tools(seen: unknown[] = []) {
  return {
    weather: tool({
      description: 'The forecast for a city.',
      inputSchema: weatherInput,
      execute: async (input) => {
        seen.push(input);
        return { forecast: 'sunny', high: 21 };
      },
    }),
    time: tool({ description: 'The time in a zone.', inputSchema: timeInput, execute: async () => '12:00' }),
  };
}

describe('tools through streamToolStep (arguments generated under each tool’s schema)', () => {
  it('required: every step’s reply is tool calls whose inputs validate', async () => {
    for (const seed of [1, 2]) {
      const { toolCalls, finishReason, text } = await generateText({
        model: pocketlm(),
        prompt,
        tools: { time: tools().time, weather: tool({ inputSchema: weatherInput }) },
        toolChoice: 'required',
        seed,
        ...settings,
      });
      expect(finishReason).toBe('tool-calls');
      expect(text).toBe('');
      expect(toolCalls.length).toBeGreaterThan(0);
      for (const call of toolCalls) {
        const schema = call.toolName === 'weather' ? weatherInput : timeInput;
        expect(schema.safeParse(call.input).success).toBe(true);
      }
    }
  });

  it('a specific tool: only that tool is called', async () => {
    const { toolCalls } = await generateText({
      model: pocketlm(),
      prompt,
      tools: { time: tools().time, weather: tool({ inputSchema: weatherInput }) },
      toolChoice: { type: 'tool', toolName: 'time' },
      seed: 3,
      ...settings,
    });
    expect(toolCalls.length).toBeGreaterThan(0);
    expect(toolCalls.every((c) => c.toolName === 'time' && timeInput.safeParse(c.input).success)).toBe(true);
  });

  it('providerOptions pick the call format and turn parallel calls off: one valid call per reply', async () => {
    for (const toolCallFormat of ['llama3-json', 'mistral'] as const) {
      const { toolCalls, request } = await generateText({
        model: pocketlm(),
        prompt,
        tools: { weather: tool({ inputSchema: weatherInput }) },
        toolChoice: 'required',
        providerOptions: { pocketlm: { toolCallFormat, parallelToolCalls: false } },
        seed: 1,
        ...settings,
      });
      expect(toolCalls).toHaveLength(1);
      expect(weatherInput.safeParse(toolCalls[0].input).success).toBe(true);
      // The chosen format's own system prompt taught the calls, not the default Hermes one.
      const system = (request.body as { messages: { content: string }[] }).messages[0].content;
      expect(system).not.toContain('<tool_call>');
      if (toolCallFormat === 'mistral') expect(system).toContain('[TOOL_CALLS]');
    }
  });

  it('none: free text and no calls (the tool prompt stays, so the KV of earlier steps is reused)', async () => {
    const result = await generateText({
      model: pocketlm(),
      prompt,
      tools: tools(),
      toolChoice: 'none',
      seed: 1,
      ...settings,
    });
    expect(result.toolCalls).toEqual([]);
    expect(result.finishReason).toMatch(/^(stop|length)$/);
    expect(result.text.length).toBeGreaterThan(0);
    expect(result.usage.inputTokenDetails.cacheReadTokens).toBeGreaterThan(0);
  });

  it('auto, streamed: the text never shows call syntax, and calls come as tool-input parts then tool-call', async () => {
    const result = streamText({
      model: pocketlm(),
      prompt,
      tools: tools(),
      toolChoice: 'auto',
      seed: 2,
      ...settings,
    });
    const parts = [];
    for await (const part of result.fullStream) parts.push(part);
    const text = parts.map((p) => (p.type === 'text-delta' ? p.text : '')).join('');
    expect(text).not.toContain('<tool_call>');
    for (const call of parts.filter((p) => p.type === 'tool-call')) {
      const index = parts.indexOf(call);
      expect(
        parts.slice(0, index).some((p) => p.type === 'tool-input-start' && p.id === call.toolCallId),
      ).toBe(true);
    }
  });

  it('multi-step with execute: results go back to the model; prepareStep ends with a text answer', async () => {
    const seen: unknown[] = [];
    const result = await generateText({
      model: pocketlm(),
      prompt,
      tools: tools(seen),
      toolChoice: 'required',
      stopWhen: stepCountIs(3),
      prepareStep: ({ stepNumber }) => (stepNumber === 2 ? { toolChoice: 'none' } : undefined),
      seed: 5,
      ...settings,
    });
    expect(result.steps).toHaveLength(3);
    expect(result.steps[0].finishReason).toBe('tool-calls');
    expect(result.steps[2].toolCalls).toEqual([]);
    const weatherCalls = result.steps.flatMap((s) => s.toolCalls).filter((c) => c.toolName === 'weather');
    expect(seen).toEqual(weatherCalls.map((c) => c.input));
    // The template has no tools support, so the result reaches step 2 in the Hermes format's own syntax.
    const second = JSON.stringify(result.steps[1].request.body);
    if (weatherCalls.length > 0) expect(second).toContain('<tool_response>');
    expect(second).toContain('<tool_call>');
  });
});
