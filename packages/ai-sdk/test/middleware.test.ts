import { type Engine, type EngineMiddleware, type StreamEvent, wrapEngine } from '@pocketlm/core';
import { generateText, streamText } from 'ai';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPocketLM } from '../src/index.js';
import { tinyEngine } from './engine-fixture.js';

let engine: Engine;
beforeAll(async () => {
  engine = await tinyEngine();
});
afterAll(() => engine.dispose());

/** Middleware that lets the first text delta through, then stops the reply the way a guard does. */
const stopAfterFirstDelta: EngineMiddleware = {
  async *wrapStream({ request, doStream }) {
    for await (const event of doStream(request)) {
      if (event.type !== 'text-delta') {
        if (event.type === 'finish') yield event;
        continue;
      }
      yield event;
      yield { type: 'annotation', source: 'test-guard', data: { blocked: true } };
      const finish: StreamEvent = {
        type: 'finish',
        finishReason: 'content-filter',
        text: event.text,
        tokens: [],
        usage: { promptTokens: 1, cachedPromptTokens: 0, completionTokens: 0, totalTokens: 1 },
        timings: {
          timeToFirstTokenMs: 0,
          prefillMs: 0,
          decodeMs: 0,
          totalMs: 0,
          prefillTokensPerSecond: 0,
          decodeTokensPerSecond: 0,
        },
        seed: 0,
      };
      yield finish;
      return; // leaving the loop cancels the engine's generation
    }
  },
};

it('a wrapped engine works as the generator: content-filter finishes and annotations reach providerMetadata', async () => {
  const pocketlm = createPocketLM({ generator: wrapEngine(engine, stopAfterFirstDelta) });
  const generated = await generateText({ model: pocketlm(), prompt: 'Hi', maxOutputTokens: 30 });
  expect(generated.finishReason).toBe('content-filter');
  expect(generated.providerMetadata?.pocketlm?.annotations).toEqual([
    { source: 'test-guard', data: { blocked: true } },
  ]);

  const streamed = streamText({ model: pocketlm(), prompt: 'Hi', maxOutputTokens: 30 });
  expect(await streamed.text).toBe(generated.text);
  expect(await streamed.finishReason).toBe('content-filter');
  expect((await streamed.providerMetadata)?.pocketlm?.annotations).toHaveLength(1);
});
