import { readFile } from 'node:fs/promises';
import type { Engine, GenerateRequest } from '@pocketlm/core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type AgentModel, createAgent } from '../src/index.js';
import { tinyEngine, tinyWithTemplate } from './engine-fixture.js';

// The tiny fixture with Qwen2.5's real chat template, which renders `tools` and `tool_calls` itself.
let engine: Engine;
beforeAll(async () => {
  const template = await readFile(new URL('./fixtures/qwen2.5-chat-template.jinja', import.meta.url), 'utf8');
  engine = await tinyEngine(await tinyWithTemplate(template));
});
afterAll(() => engine.dispose());

it('a template that renders tools gets them as `tools`, and calls and results as messages it renders', async () => {
  expect(engine.tokenizer.templateSupportsTools).toBe(true);
  const requests: GenerateRequest[] = [];
  // The real engine, with each request recorded on the way through.
  const recording: AgentModel = {
    tokenizer: engine.tokenizer,
    info: engine.info,
    stream: (request) => {
      requests.push(structuredClone({ ...request, signal: undefined }));
      return engine.stream(request);
    },
  };
  const agent = await createAgent({
    model: recording,
    tools: [
      {
        name: 'lookup',
        description: 'Look a word up.',
        parameters: {
          type: 'object',
          properties: { word: { enum: ['apple', 'pear'] } },
          required: ['word'],
          additionalProperties: false,
        },
        execute: ({ word }) => `${word}: a fruit`,
      },
    ],
    toolChoice: (step) => (step === 1 ? 'required' : 'none'),
    parallelToolCalls: false,
    generation: { maxTokens: 60, temperature: 1, seed: 1 },
  });
  const result = await agent.run('What is a pear?');
  expect(result.steps).toBe(2);
  // No tool text in the system prompt: the template writes the tools block from `tools`.
  expect(requests[0].messages?.[0]?.role).toBe('user');
  expect(requests[0].tools?.map((t) => t.function.name)).toEqual(['lookup']);
  expect(requests[1].tools).toBeUndefined();
  const [, assistant, tool] = result.messages;
  expect(assistant.role).toBe('assistant');
  expect(assistant.tool_calls?.[0]?.function.name).toBe('lookup');
  expect(tool.role).toBe('tool');
  expect(tool.content).toMatch(/^(apple|pear): a fruit$/);
  const prompt = engine.tokenizer.renderChat(requests[0].messages!, {
    addGenerationPrompt: true,
    context: { tools: requests[0].tools },
  });
  expect(prompt).toContain('<tools>\n{"type": "function", "function": {"name": "lookup"');
  const second = engine.tokenizer.renderChat(result.messages.slice(0, 3), {
    context: { tools: requests[0].tools },
  });
  expect(second).toMatch(
    /<tool_call>\n\{"name": "lookup", "arguments": \{"word": "(apple|pear)"\}\}\n<\/tool_call>/,
  );
  expect(second).toContain('<tool_response>\n');
});
