import type { Engine } from '@pocketlm/core';
import { collect } from '@pocketlm/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlanExecutor, type Tool } from '../src/index.js';
import { tinyEngine } from './engine-fixture.js';

let engine: Engine;
beforeAll(async () => {
  engine = await tinyEngine();
});
afterAll(() => engine.dispose());

const params = {
  type: 'object',
  properties: { query: { type: 'string', minLength: 1, maxLength: 10 } },
  required: ['query'],
  additionalProperties: false,
};

const options = {
  // Each step calls the tool once, then answers.
  toolChoice: (step: number) => (step === 1 ? ('required' as const) : ('none' as const)),
  maxSteps: 2,
  parallelToolCalls: false,
  maxPlanSteps: 3,
  generation: { maxTokens: 250, temperature: 1, seed: 11 },
  plannerGeneration: { maxTokens: 300, temperature: 1, seed: 5 },
};

describe('planner → executor (random-weight tiny fixture)', () => {
  it('plans under the schema, runs every step with the tools, and answers', async () => {
    let calls = 0;
    const search: Tool = {
      name: 'search',
      description: 'Search the notes.',
      parameters: params,
      execute: ({ query }: { query: string }) => {
        calls++;
        return `found: ${query}`;
      },
    };
    const planner = await createPlanExecutor({ ...options, model: engine, tools: [search] });
    const events = await collect(planner.stream('Find my notes about the trip and summarise them.'));
    const plans = events.filter((e) => e.type === 'plan');
    expect(plans).toHaveLength(1);
    const steps = plans[0].type === 'plan' ? plans[0].steps : [];
    expect(steps.length).toBeGreaterThanOrEqual(1);
    expect(steps.length).toBeLessThanOrEqual(3);
    expect(events.filter((e) => e.type === 'plan-step-finish')).toHaveLength(steps.length);
    expect(calls).toBeGreaterThanOrEqual(steps.length);
    const finish = events.at(-1)!;
    expect(finish.type === 'finish' && finish.status).toBe('done');
    expect(events.some((e) => e.type === 'replan')).toBe(false);
  });

  it('a failed step triggers one replan; a second failure ends the run as failed', async () => {
    const failing: Tool = {
      name: 'search',
      description: 'Search the notes.',
      parameters: params,
      execute: () => {
        throw new Error('index offline');
      },
    };
    const planner = await createPlanExecutor({ ...options, model: engine, tools: [failing] });
    const events = await collect(planner.stream('Find my notes about the trip.'));
    const replans = events.filter((e) => e.type === 'replan');
    expect(replans).toHaveLength(1);
    expect(replans[0].type === 'replan' && replans[0].failed.error).toContain('index offline');
    expect(events.filter((e) => e.type === 'plan').map((e) => (e.type === 'plan' ? e.revision : -1))).toEqual(
      [0, 1],
    );
    const finish = events.at(-1)!;
    if (finish.type !== 'finish') throw new Error('no finish');
    expect(finish.status).toBe('failed');
    // One failure before the replan and one after: two step results, both failed.
    expect(finish.steps.map((s) => s.ok)).toEqual([false, false]);
  });

  it('refuses a bad plan size', async () => {
    await expect(
      createPlanExecutor({ ...options, model: engine, tools: [], maxPlanSteps: 0 }),
    ).rejects.toMatchObject({
      code: 'INVALID_OPTIONS',
    });
  });
});
