import type { Engine } from '@pocketlm/core';
import { generateText, type ModelMessage } from 'ai';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPocketLM } from '../src/index.js';
import { tinyEngine } from './engine-fixture.js';

let engine: Engine;
beforeAll(async () => {
  engine = await tinyEngine();
});
afterAll(() => engine.dispose());

it('a second turn reuses the first turn’s KV from the engine’s prefix cache (reported as cacheReadTokens)', async () => {
  const pocketlm = createPocketLM({ generator: engine });
  const messages: ModelMessage[] = [
    { role: 'system', content: 'You are a terse assistant who answers geography questions.' },
    { role: 'user', content: 'What is the capital of France? Answer in one word.' },
  ];
  const first = await generateText({ model: pocketlm(), messages, maxOutputTokens: 16 });
  messages.push(...first.response.messages, { role: 'user', content: 'And of Spain?' });
  const second = await generateText({ model: pocketlm(), messages, maxOutputTokens: 16 });
  // A fresh engine: nothing to reuse on the first turn.
  expect(first.usage.inputTokenDetails.cacheReadTokens).toBe(0);
  // The whole first prompt (and the reply's KV) is reused; only the new turn is computed.
  const reused = second.usage.inputTokenDetails.cacheReadTokens ?? 0;
  expect(reused).toBeGreaterThanOrEqual(first.usage.inputTokens ?? Number.NaN);
  expect(second.usage.inputTokenDetails.noCacheTokens).toBe((second.usage.inputTokens ?? 0) - reused);
});
