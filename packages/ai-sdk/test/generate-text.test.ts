import type { Engine } from '@pocketlm/core';
import { generateText, streamText } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PocketLMProvider } from '../src/index.js';
import { tinyProvider } from './engine-fixture.js';

let engine: Engine;
let pocketlm: PocketLMProvider;
beforeAll(async () => {
  ({ engine, pocketlm } = await tinyProvider());
});
afterAll(() => engine.dispose());

describe('generateText and streamText on a real engine (random-weight tiny fixture)', () => {
  it('generateText returns the engine’s greedy reply, with usage and finish reason mapped', async () => {
    const { text, usage, finishReason, response, warnings, providerMetadata } = await generateText({
      model: pocketlm('local'),
      prompt: 'Hi',
      maxOutputTokens: 12,
      temperature: 0,
    });
    const direct = await engine.generate({
      messages: [{ role: 'user', content: 'Hi' }],
      maxTokens: 12,
      temperature: 0,
    });
    expect(text).toBe(direct.text);
    expect(finishReason).toBe(direct.finishReason);
    expect(usage.inputTokens).toBe(direct.usage.promptTokens);
    expect(usage.outputTokens).toBe(direct.usage.completionTokens);
    expect(response.modelId).toBe('local');
    expect(warnings).toEqual([]);
    expect(providerMetadata?.pocketlm?.seed).toEqual(expect.any(Number));
  });

  it('streamText: the streamed deltas concatenate to the final text', async () => {
    const result = streamText({
      model: pocketlm(),
      prompt: 'Tell me a story.',
      maxOutputTokens: 24,
      seed: 7,
    });
    let streamed = '';
    for await (const delta of result.textStream) streamed += delta;
    expect(streamed.length).toBeGreaterThan(0);
    expect(streamed).toBe(await result.text);
    expect(await result.finishReason).toMatch(/^(stop|length)$/);
  });
});
