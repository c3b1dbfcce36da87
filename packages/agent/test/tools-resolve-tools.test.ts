import { PocketLMError } from '@pocketlm/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { resolveTools, toToolDefinitions } from '../src/tools/resolve-tools.js';
import type { Tool } from '../src/tools/tool.js';
import { weatherParameters, weatherTool } from './tool-fixtures.js';

const execute = () => 'ok';
const weather: Tool = {
  ...weatherTool,
  parameters: { $schema: 'https://json-schema.org/draft/2020-12/schema', ...weatherParameters },
  execute,
};

async function rejection(tools: Tool[]): Promise<PocketLMError> {
  try {
    await resolveTools(tools);
  } catch (error) {
    if (PocketLMError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected resolveTools to reject');
}

describe('resolveTools', () => {
  it('keeps JSON Schema parameters, drops $schema and defaults the description', async () => {
    const specs = await resolveTools([weather, { name: 'now', parameters: { type: 'object' }, execute }]);
    expect(specs).toEqual([
      { name: 'get_weather', description: 'Current weather in a city.', parameters: weatherParameters },
      { name: 'now', description: '', parameters: { type: 'object' } },
    ]);
  });

  it('converts zod schemas with zod itself', async () => {
    const [spec] = await resolveTools([
      {
        name: 'book',
        description: 'Books a table.',
        parameters: z.object({
          restaurant: z.string().min(1),
          guests: z.number().int().min(1).max(12),
          time: z.iso.time().optional(),
          tags: z.array(z.enum(['quiet', 'terrace'])).max(2),
        }),
        execute,
      },
    ]);
    expect(spec.parameters.$schema).toBeUndefined();
    expect(spec.parameters).toMatchObject({
      type: 'object',
      properties: {
        restaurant: { type: 'string', minLength: 1 },
        guests: { type: 'integer', minimum: 1, maximum: 12 },
        tags: { type: 'array', items: { type: 'string', enum: ['quiet', 'terrace'] }, maxItems: 2 },
      },
      required: ['restaurant', 'guests', 'tags'],
      additionalProperties: false,
    });
  });

  it('converts zod/mini schemas through the zod package', async () => {
    const mini = await import('zod/mini');
    const [spec] = await resolveTools([
      { name: 'ping', parameters: mini.object({ host: mini.string() }), execute },
    ]);
    expect(spec.parameters).toMatchObject({ type: 'object', properties: { host: { type: 'string' } } });
  });

  it('refuses zod types that JSON Schema cannot express, naming the tool', async () => {
    const error = await rejection([
      { name: 'when', parameters: z.object({ at: z.date() }), execute } as Tool,
    ]);
    expect(error.code).toBe('UNSUPPORTED_CONSTRAINT');
    expect(error.message).toContain('Tool "when"');
    expect(error.details).toMatchObject({ tool: 'when' });
  });

  it('refuses duplicate names', async () => {
    const error = await rejection([weather, { ...weather, description: 'again' }]);
    expect(error.code).toBe('INVALID_OPTIONS');
    expect(error.message).toContain('Two tools are named "get_weather"');
  });

  it.each(['', 'get weather', 'wetter.heute', 'x'.repeat(65), 'café'])(
    'refuses the name %j',
    async (name) => {
      const error = await rejection([{ ...weather, name }]);
      expect(error.code).toBe('INVALID_OPTIONS');
      expect(error.details).toMatchObject({ tool: name });
    },
  );

  it.each([
    ['a string schema', { type: 'string' }],
    ['a schema without type', { properties: { a: { type: 'string' } } }],
    ['an array', [{ type: 'object' }]],
    ['null', null],
  ])('refuses %s as parameters', async (_, parameters) => {
    const error = await rejection([{ ...weather, parameters: parameters as never }]);
    expect(error.code).toBe('INVALID_OPTIONS');
    expect(error.message).toContain('Tool "get_weather"');
  });

  it('refuses a tool without execute', async () => {
    const error = await rejection([{ name: 'noop', parameters: { type: 'object' } } as unknown as Tool]);
    expect(error.code).toBe('INVALID_OPTIONS');
    expect(error.message).toContain('"execute"');
  });

  it('names the tool, the keyword and where it is when the schema cannot be enforced', async () => {
    const error = await rejection([
      weather,
      {
        name: 'pay',
        parameters: { type: 'object', properties: { amount: { type: 'number', multipleOf: 0.01 } } },
        execute,
      },
    ]);
    expect(error.code).toBe('UNSUPPORTED_CONSTRAINT');
    expect(error.message).toMatch(/^Tool "pay": .*"multipleOf" at \/properties\/amount/);
    expect(error.details).toMatchObject({
      tool: 'pay',
      keyword: 'multipleOf',
      pointer: '/properties/amount',
    });
  });

  it('names the tool for an unsupported zod refinement too', async () => {
    const error = await rejection([
      { name: 'price', parameters: z.object({ cents: z.number().multipleOf(5) }), execute },
    ]);
    expect(error.code).toBe('UNSUPPORTED_CONSTRAINT');
    expect(error.details).toMatchObject({ tool: 'price', keyword: 'multipleOf' });
  });
});

describe('toToolDefinitions', () => {
  it('writes the OpenAI function shape, without an empty description', async () => {
    const specs = await resolveTools([weather, { name: 'now', parameters: { type: 'object' }, execute }]);
    expect(toToolDefinitions(specs)).toEqual([
      {
        type: 'function',
        function: {
          name: 'get_weather',
          description: 'Current weather in a city.',
          parameters: specs[0].parameters,
        },
      },
      { type: 'function', function: { name: 'now', parameters: { type: 'object' } } },
    ]);
  });
});
