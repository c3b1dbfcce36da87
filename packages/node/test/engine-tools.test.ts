import { type Engine, PocketLMError } from '@pocketlm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tinyEngine } from './engine-fixture.js';

let engine: Engine;
beforeAll(async () => {
  engine = await tinyEngine();
});
afterAll(() => engine.dispose());

const tool = {
  type: 'function' as const,
  function: {
    name: 'lookup',
    description: 'Look a word up.',
    parameters: { type: 'object', properties: {} },
  },
};

describe('requests with tools and tool messages', () => {
  it('chat messages may carry tool calls and tool results', async () => {
    const r = await engine.generate({
      messages: [
        { role: 'user', content: 'What is a pear?' },
        {
          role: 'assistant',
          content: '',
          tool_calls: [{ type: 'function', function: { name: 'lookup', arguments: { word: 'pear' } } }],
        },
        { role: 'tool', content: 'pear: a fruit', name: 'lookup', tool_call_id: 'c1' },
      ],
      tools: [tool],
      maxTokens: 4,
      seed: 1,
    });
    expect(r.usage.promptTokens).toBeGreaterThan(0);
  });

  it('a malformed tools list or tool_calls is INVALID_OPTIONS before any work', async () => {
    for (const tools of [{}, [{ type: 'function' }], [{ type: 'function', function: { name: 'x' } }]]) {
      const error = await engine
        .generate({ messages: [{ role: 'user', content: 'x' }], tools: tools as never })
        .catch((e) => e);
      expect(PocketLMError.isInstance(error, 'INVALID_OPTIONS'), String(error)).toBe(true);
      expect(error.details).toEqual({ option: 'tools' });
    }
    const error = await engine
      .generate({ messages: [{ role: 'assistant', content: '', tool_calls: {} as never }] })
      .catch((e) => e);
    expect(PocketLMError.isInstance(error, 'INVALID_OPTIONS')).toBe(true);
  });
});
