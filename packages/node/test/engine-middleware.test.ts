import { type Engine, type EngineMiddleware, PocketLMError, wrapEngine } from '@pocketlm/core';
import { collect } from '@pocketlm/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tinyEngine } from './engine-fixture.js';

let engine: Engine;
beforeAll(async () => {
  engine = await tinyEngine();
});
afterAll(() => engine.dispose());

describe('engine middleware (wrapEngine)', () => {
  it('transformRequest rewrites the request the engine runs', async () => {
    const seen: string[] = [];
    const wrapped = wrapEngine(engine, {
      transformRequest: (request) => {
        seen.push(request.prompt ?? '');
        const { messages: _, ...options } = request;
        return { ...options, prompt: `${request.prompt} rewritten`, seed: 7 };
      },
    });
    const a = await wrapped.generate({ prompt: 'Hello', maxTokens: 8 });
    const b = await engine.generate({ prompt: 'Hello rewritten', maxTokens: 8, seed: 7 });
    expect(seen).toEqual(['Hello']);
    expect(a.tokens).toEqual(b.tokens);
    expect(a.usage.promptTokens).toBe(b.usage.promptTokens);
  });

  it('wrapStream can drop text, add annotations and stop early with content-filter, cancelling the rest', async () => {
    const stopper: EngineMiddleware = {
      async *wrapStream({ request, doStream }) {
        let count = 0;
        for await (const event of doStream(request)) {
          if (event.type !== 'text-delta') continue;
          count++;
          yield { type: 'text-delta', text: '*' };
          if (count === 3) {
            yield { type: 'annotation', source: 'test', data: { stopped: true } };
            yield {
              type: 'finish',
              finishReason: 'content-filter',
              text: '***',
              tokens: [],
              seed: 0,
              usage: { promptTokens: 0, cachedPromptTokens: 0, completionTokens: 0, totalTokens: 0 },
              timings: {
                timeToFirstTokenMs: 0,
                prefillMs: 0,
                decodeMs: 0,
                totalMs: 0,
                prefillTokensPerSecond: 0,
                decodeTokensPerSecond: 0,
              },
            };
            return; // leaving the loop cancels the engine's generation
          }
        }
      },
    };
    const events = await collect(
      wrapEngine(engine, stopper).stream({ prompt: 'Hello', maxTokens: 64, seed: 1 }),
    );
    expect(events.filter((e) => e.type === 'text-delta').map((e) => (e as { text: string }).text)).toEqual([
      '*',
      '*',
      '*',
    ]);
    expect(events.at(-2)).toEqual({ type: 'annotation', source: 'test', data: { stopped: true } });
    expect(events.at(-1)?.type === 'finish' && events.at(-1)).toMatchObject({
      finishReason: 'content-filter',
    });
    // The engine is free again: a new request runs at once.
    expect((await engine.generate({ prompt: 'x', maxTokens: 2 })).tokens.length).toBeGreaterThan(0);
  });

  it('middleware runs in order: the first sees the request first and the events last', async () => {
    const log: string[] = [];
    const tag = (name: string): EngineMiddleware => ({
      transformRequest: (r) => {
        log.push(`request ${name}`);
        return r;
      },
      async *wrapStream({ request, doStream }) {
        for await (const e of doStream(request)) {
          if (e.type === 'finish') log.push(`finish ${name}`);
          yield e;
        }
      },
    });
    await wrapEngine(engine, tag('a'), tag('b')).generate({ prompt: 'x', maxTokens: 2 });
    expect(log).toEqual(['request a', 'request b', 'finish b', 'finish a']);
  });

  it('a middleware that refuses a request rejects it with its error; chat keeps history through middleware', async () => {
    const refuse = wrapEngine(engine, {
      transformRequest: () => {
        throw new PocketLMError('INVALID_OPTIONS', 'refused');
      },
    });
    await expect(refuse.generate({ prompt: 'x' })).rejects.toMatchObject({ code: 'INVALID_OPTIONS' });

    const prompts: number[] = [];
    const counting = wrapEngine(engine, {
      transformRequest: (r) => {
        prompts.push(r.messages?.length ?? 0);
        return r;
      },
    });
    const chat = counting.chat({ system: 'Be brief.', defaults: { maxTokens: 4, seed: 3 } });
    const first = await chat.send('Hi');
    await chat.send('Again');
    expect(prompts).toEqual([2, 4]);
    expect(chat.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user', 'assistant']);
    expect(chat.messages[2].content).toBe(first.text);
  });
});
