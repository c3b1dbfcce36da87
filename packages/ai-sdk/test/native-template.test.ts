import { readFile } from 'node:fs/promises';
import type { Engine } from '@pocketlm/core';
import { fixtureWithChatTemplate } from '@pocketlm/testkit';
import { generateText, stepCountIs, tool } from 'ai';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { z } from 'zod';
import { createPocketLM } from '../src/index.js';
import { tinyEngine } from './engine-fixture.js';

// The tiny fixture with Qwen2.5's real chat template (kept with the agent's tests), which renders tools itself.
let engine: Engine;
beforeAll(async () => {
  const template = await readFile(
    new URL('../../agent/test/fixtures/qwen2.5-chat-template.jinja', import.meta.url),
    'utf8',
  );
  engine = await tinyEngine({ model: await fixtureWithChatTemplate('tiny', template) });
});
afterAll(() => engine.dispose());

it('a template that renders tools gets calls as tool_calls and results as tool messages', async () => {
  expect(engine.tokenizer.templateSupportsTools).toBe(true);
  const pocketlm = createPocketLM({ generator: engine });
  const input = z.object({ word: z.enum(['apple', 'pear']) });
  const result = await generateText({
    model: pocketlm(),
    prompt: 'Look up pear.',
    tools: {
      lookup: tool({ description: 'Look a word up.', inputSchema: input, execute: async () => 'a fruit' }),
    },
    toolChoice: 'required',
    stopWhen: stepCountIs(2),
    maxOutputTokens: 80,
    seed: 1,
  });
  const calls = result.steps[0].toolCalls;
  expect(calls.length).toBeGreaterThan(0);
  expect(calls.every((c) => input.safeParse(c.input).success)).toBe(true);
  const sent = (result.steps[1].request.body as { messages: { role: string; content: string }[] }).messages;
  // No tool prompt of ours: the template writes its own tool block from the `tools` it is given.
  expect(sent[0].role).toBe('user');
  expect(sent[1]).toMatchObject({ role: 'assistant', tool_calls: [{ function: { name: 'lookup' } }] });
  expect(sent[2]).toMatchObject({ role: 'tool', content: 'a fruit', name: 'lookup' });
});
