import { type Engine, PocketLMError } from '@pocketlm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tinyEngine } from './engine-fixture.js';

let engine: Engine;
beforeAll(async () => {
  engine = await tinyEngine();
});
afterAll(() => engine.dispose());

const prompt = 'The quick brown fox';

describe('KV cache policies through the engine', () => {
  it('a sliding window matches the full cache until it evicts, then keeps generating past the window', async () => {
    const full = await engine.generate({ prompt, maxTokens: 80 });
    const windowed = await engine.generate({
      prompt,
      maxTokens: 80,
      kvCache: { type: 'sliding-window', window: 16, sinks: 4 },
    });
    const promptTokens = engine.countTokens(prompt);
    // Until prompt + generated exceeds sinks + window, nothing was evicted: identical greedy ids.
    const exact = 4 + 16 - promptTokens;
    expect(windowed.tokens.slice(0, exact)).toEqual(full.tokens.slice(0, exact));
    expect(windowed.tokens.length).toBe(full.tokens.length);
  });

  it('int8 storage generates under the engine default policy', async () => {
    const quantized = await tinyEngine({ kvCache: { type: 'quantized', bits: 8 } });
    try {
      const r = await quantized.generate({ prompt, maxTokens: 16 });
      expect(r.tokens.length).toBeGreaterThan(0);
    } finally {
      await quantized.dispose();
    }
  });

  it('a malformed policy → INVALID_OPTIONS, per request and per engine', async () => {
    await expect(
      engine.generate({ prompt, kvCache: { type: 'sliding-window', window: 0 } }),
    ).rejects.toSatisfy((e) => PocketLMError.isInstance(e, 'INVALID_OPTIONS'));
    await expect(tinyEngine({ kvCache: { type: 'nope' } as never })).rejects.toSatisfy((e) =>
      PocketLMError.isInstance(e, 'INVALID_OPTIONS'),
    );
  });

  it('a byte cap that cannot hold even one prefill chunk → MEMORY_BUDGET_EXCEEDED', async () => {
    const policy = { type: 'value-norm', maxBytes: 4096, sinks: 4, recent: 16 } as const;
    await expect(engine.generate({ prompt: 'word '.repeat(60), kvCache: policy })).rejects.toSatisfy((e) =>
      PocketLMError.isInstance(e, 'MEMORY_BUDGET_EXCEEDED'),
    );
  });

  it('a chat session under a sliding window keeps going, reusing only the intact prefix', async () => {
    const chat = engine.chat({
      kvCache: { type: 'sliding-window', window: 24, sinks: 4 },
      defaults: { maxTokens: 12 },
    });
    const first = await chat.send('Hello there');
    const second = await chat.send('Tell me more');
    const third = await chat.send('And then?');
    for (const r of [first, second, third]) expect(r.tokens.length).toBeGreaterThan(0);
    // The history outgrew the window, so reuse stops at the first evicted position.
    expect(third.usage.cachedPromptTokens).toBeLessThanOrEqual(4 + 24);
    expect(chat.cachedTokenCount).toBeLessThanOrEqual(4 + 24);
  });
});
