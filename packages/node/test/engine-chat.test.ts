import { type Engine, PocketLMError } from '@pocketlm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tinyEngine } from './engine-fixture.js';

let engine: Engine;
beforeAll(async () => {
  engine = await tinyEngine();
});
afterAll(() => engine.dispose());

describe('chat sessions', () => {
  it('reuse their KV prefix across turns and match recomputing from scratch', async () => {
    const session = engine.chat({ system: 'You are terse.', defaults: { maxTokens: 12 } });
    const first = await session.send('Hello!');
    expect(first.usage.cachedPromptTokens).toBe(0);
    const second = await session.send('And then?');
    expect(second.usage.cachedPromptTokens).toBeGreaterThan(first.usage.promptTokens - 1);
    expect(session.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user', 'assistant']);

    // The same conversation computed from scratch gives the same greedy reply (a request with its own KV policy
    // bypasses the engine's prefix cache, which now holds this conversation).
    const fresh = await engine.generate({
      messages: session.messages.slice(0, 4),
      maxTokens: 12,
      kvCache: { type: 'full' },
    });
    expect(second.tokens).toEqual(fresh.tokens);
    expect(second.usage.promptTokens).toBe(fresh.usage.promptTokens);
    expect(fresh.usage.cachedPromptTokens).toBe(0);
  });

  it('an aborted reply leaves the history as it was, and the next turn is still exact', async () => {
    const session = engine.chat({ defaults: { maxTokens: 10 } });
    await session.send('First question');
    const before = session.messages;
    const controller = new AbortController();
    let tokens = 0;
    await expect(
      (async () => {
        for await (const e of session.stream('Interrupted question', {
          signal: controller.signal,
          maxTokens: 100,
        })) {
          if (e.type === 'token' && ++tokens === 2) controller.abort();
        }
      })(),
    ).rejects.toSatisfy((e) => PocketLMError.isInstance(e, 'ABORTED'));
    expect(session.messages).toEqual(before);

    const next = await session.send('Second question');
    const fresh = await engine.generate({ messages: session.messages.slice(0, -1), maxTokens: 10 });
    expect(next.tokens).toEqual(fresh.tokens);
  });

  it('reset keeps the system prompt and drops the cache', async () => {
    const session = engine.chat({ system: 'sys' });
    await session.send('hi', { maxTokens: 3 });
    expect(session.cachedTokenCount).toBeGreaterThan(0);
    session.reset();
    expect(session.messages).toEqual([{ role: 'system', content: 'sys' }]);
    expect(session.cachedTokenCount).toBe(0);
  });
});
