import type { Engine } from '@pocketlm/core';
import { generateObject, generateText, Output, streamObject } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { PocketLMProvider } from '../src/index.js';
import { tinyProvider } from './engine-fixture.js';

let engine: Engine;
let pocketlm: PocketLMProvider;
beforeAll(async () => {
  ({ engine, pocketlm } = await tinyProvider());
});
afterAll(() => engine.dispose());

// Bounded strings and arrays, so even a random-weight model finishes the JSON inside maxOutputTokens.
const recipe = z.object({
  name: z.string().min(1).max(12),
  servings: z.number().int().min(1).max(8),
  vegan: z.boolean(),
  steps: z.array(z.string().max(8)).min(1).max(2),
});

describe('structured output through the JSON-schema constraint (a random-weight model still writes valid JSON)', () => {
  it('generateObject: the object validates against the zod schema, for several seeds', async () => {
    for (const seed of [1, 2, 3]) {
      const { object, finishReason } = await generateObject({
        model: pocketlm(),
        schema: recipe,
        prompt: 'A recipe, please.',
        maxOutputTokens: 200,
        temperature: 1,
        seed,
      });
      expect(finishReason).toBe('stop');
      expect(recipe.parse(object)).toEqual(object);
    }
  });

  it('generateText with output: Output.object parses and validates', async () => {
    const { output } = await generateText({
      model: pocketlm(),
      output: Output.object({ schema: recipe }),
      prompt: 'A recipe, please.',
      maxOutputTokens: 200,
      seed: 4,
    });
    expect(recipe.safeParse(output).success).toBe(true);
  });

  it('streamObject: partial objects stream, and the final one validates', async () => {
    const result = streamObject({
      model: pocketlm(),
      schema: recipe,
      prompt: 'A recipe, please.',
      maxOutputTokens: 200,
      seed: 5,
    });
    let partials = 0;
    for await (const _ of result.partialObjectStream) partials++;
    expect(partials).toBeGreaterThan(1);
    expect(recipe.safeParse(await result.object).success).toBe(true);
  });
});
