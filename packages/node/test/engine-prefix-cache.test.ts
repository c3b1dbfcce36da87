import type { Engine } from '@pocketlm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tinyEngine } from './engine-fixture.js';

const system =
  'You are a careful assistant. Answer in one short sentence, and never use lists or headings. '.repeat(3);

let cached: Engine;
let uncached: Engine;
beforeAll(async () => {
  cached = await tinyEngine();
  uncached = await tinyEngine({ prefixCache: false });
});
afterAll(async () => {
  await cached.dispose();
  await uncached.dispose();
});

const ask = (engine: Engine, question: string) =>
  engine.generate({
    messages: [
      { role: 'system', content: system },
      { role: 'user', content: question },
    ],
    maxTokens: 12,
  });

describe('automatic prefix cache on the node backend', () => {
  it('reuses the KV of a shared system prompt across requests, with unchanged output', async () => {
    const first = await ask(cached, 'What is the capital of France?');
    expect(first.usage.cachedPromptTokens).toBe(0);
    const second = await ask(cached, 'How far away is the moon?');
    const systemTokens = cached.countTokens([{ role: 'system', content: system }]);
    expect(second.usage.cachedPromptTokens).toBeGreaterThan(systemTokens * 0.8);
    expect(second.tokens).toEqual((await ask(uncached, 'How far away is the moon?')).tokens);
    expect((await ask(uncached, 'How far away is the moon?')).usage.cachedPromptTokens).toBe(0);
  });

  it('reuses a finished reply when the conversation continues in a new request', async () => {
    const q = 'Name a colour.';
    const reply = await ask(cached, q);
    const followUp = {
      messages: [
        { role: 'system', content: system },
        { role: 'user', content: q },
        { role: 'assistant', content: reply.text },
        { role: 'user', content: 'And another one?' },
      ],
      maxTokens: 8,
    };
    const a = await cached.generate(followUp);
    const b = await uncached.generate(followUp);
    expect(a.tokens).toEqual(b.tokens);
    expect(a.usage.cachedPromptTokens).toBeGreaterThan(reply.usage.promptTokens - 2);
  });

  it('seeds a new chat session from the prefix cache', async () => {
    await ask(cached, 'Warm the cache.');
    const session = cached.chat({ system });
    const plain = uncached.chat({ system });
    const r1 = await session.send('Hello there.', { maxTokens: 8 });
    const r2 = await plain.send('Hello there.', { maxTokens: 8 });
    expect(r1.usage.cachedPromptTokens).toBeGreaterThan(0);
    expect(r1.tokens).toEqual(r2.tokens);
    const r3 = await session.send('Thanks!', { maxTokens: 8 });
    expect(r3.tokens).toEqual((await plain.send('Thanks!', { maxTokens: 8 })).tokens);
  });

  it('requests with their own KV policy neither use nor fill it', async () => {
    await ask(cached, 'Prime it.');
    const own = await cached.generate({
      messages: [
        { role: 'system', content: system },
        { role: 'user', content: 'Prime it.' },
      ],
      maxTokens: 4,
      kvCache: { type: 'quantized', bits: 8 },
    });
    expect(own.usage.cachedPromptTokens).toBe(0);
  });

  it('refuses a malformed prefixCache option with INVALID_OPTIONS', async () => {
    await expect(tinyEngine({ prefixCache: { maxBytes: -1 } })).rejects.toMatchObject({
      code: 'INVALID_OPTIONS',
    });
  });
});
