import { readFile } from 'node:fs/promises';
import type { Engine } from '@pocketlm/core';
import { fixtureWithChatTemplate } from '@pocketlm/testkit';
import type OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/index.js';
import { closeAll, liveServer, tinyEngine } from './live-server.js';

/** A copy of the tiny fixture whose chat template is Qwen 2.5's, which renders `tools` and `tool` messages itself. */
async function tinyWithQwenTemplate(): Promise<string> {
  const template = await readFile(new URL('./fixtures/qwen2.5-chat-template.jinja', import.meta.url), 'utf8');
  return fixtureWithChatTemplate('tiny', template);
}

const tools: OpenAI.Chat.Completions.ChatCompletionTool[] = [
  {
    type: 'function',
    function: {
      name: 'lookup',
      description: 'Looks a word up',
      parameters: {
        type: 'object',
        properties: { word: { type: 'string', enum: ['cat', 'dog'] } },
        required: ['word'],
      },
    },
  },
];

describe('tools with a template that renders them (Qwen 2.5)', () => {
  let engine: Engine;
  let server: RunningServer;
  let client: OpenAI;

  beforeAll(async () => {
    engine = await tinyEngine({ model: await tinyWithQwenTemplate() });
    expect(engine.tokenizer.templateSupportsTools).toBe(true);
    ({ server, client } = await liveServer(engine));
  });
  afterAll(() => closeAll(server, engine));

  it('passes tools to the template and returns a parsed call; the result goes back as a tool message', async () => {
    const messages: OpenAI.Chat.Completions.ChatCompletionMessageParam[] = [
      { role: 'user', content: 'Look up cat.' },
    ];
    const bare = await client.chat.completions.create({ model: 'tiny', messages, max_tokens: 1 });
    const reply = await client.chat.completions.create({
      model: 'tiny',
      messages,
      tools,
      tool_choice: 'required',
      max_tokens: 100,
    });
    // The tool's description reached the prompt through the template.
    expect(reply.usage!.prompt_tokens).toBeGreaterThan(bare.usage!.prompt_tokens + 20);
    const [call] = reply.choices[0].message.tool_calls ?? [];
    expect(call?.type).toBe('function');
    if (call?.type !== 'function') return;
    expect(call.function.name).toBe('lookup');
    expect(['cat', 'dog']).toContain(JSON.parse(call.function.arguments).word);

    const followUp = await client.chat.completions.create({
      model: 'tiny',
      messages: [
        ...messages,
        reply.choices[0].message,
        { role: 'tool', tool_call_id: call.id, content: 'a small feline' },
      ],
      tools,
      tool_choice: 'none',
      max_tokens: 4,
    });
    // Under "none" the step leaves the tool list out of the template; the call and its result are in the prompt.
    expect(followUp.usage!.prompt_tokens).toBeGreaterThan(bare.usage!.prompt_tokens + 10);
    expect(followUp.choices[0].message.tool_calls).toBeUndefined();
  });
});
