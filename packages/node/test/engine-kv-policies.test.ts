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

  it('a long prompt streams through a byte cap in chunks that fit it, never holding more than the cap', async () => {
    // keys and values × layers × the tiny fixture's 2 KV heads of 16 floats × 4 bytes
    const perToken = 2 * engine.info.numLayers * 2 * 16 * 4;
    const longPrompt = 'word '.repeat(120);
    expect(engine.countTokens(longPrompt)).toBeGreaterThan(100);
    // Room for 48 tokens: sinks and recent (20) plus 28 more per append, far less than a 256-token chunk.
    const policy = { type: 'value-norm', maxBytes: 48 * perToken, sinks: 4, recent: 16 } as const;
    const events = [];
    for await (const e of engine.stream({ prompt: longPrompt, maxTokens: 8, kvCache: policy }))
      events.push(e);
    const finish = events.at(-1);
    expect(finish?.type).toBe('finish');
    const chunks = events.filter((e) => e.type === 'prefill-progress');
    expect(chunks.length).toBeGreaterThan(3);
  });

  it('a byte cap that cannot hold even its protected tokens → MEMORY_BUDGET_EXCEEDED', async () => {
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
