import { describe, expect, it } from 'vitest';
import type { ModelRunner } from '../backend/model-runner.js';
import { argmax } from './argmax.js';
import { logitRows } from './compare-logits.js';
import type { ConformanceContext } from './conformance-context.js';
import { testTokens } from './test-tokens.js';

const STEPS = 20;

/** Greedy decoding through the runner alone: prefill, then one token per forward, always the argmax. */
async function greedyIds(ctx: ConformanceContext, runner: ModelRunner, prompt: number[], steps: number) {
  const cache = ctx.newCache(runner);
  let row = await ctx.forward(cache, prompt, 'last', runner);
  const ids: number[] = [];
  for (let i = 0; i < steps; i++) {
    const id = argmax(row);
    ids.push(id);
    if (i < steps - 1) row = await ctx.forward(cache, [id], 'last', runner);
  }
  expect(cache.length).toBe(prompt.length + steps - 1);
  return ids;
}

/** Check 3: greedy ids are deterministic within a runner and across runner instances, and follow the reference. */
export function registerGenerationChecks(ctx: ConformanceContext): void {
  describe('greedy decoding', () => {
    it(`gives identical ids run to run and between two runner instances (${STEPS} steps)`, async () => {
      const prompt = testTokens(ctx.vocabSize, 5, 400);
      const first = await greedyIds(ctx, ctx.runner, prompt, STEPS);
      const second = await greedyIds(ctx, ctx.runner, prompt, STEPS);
      expect(second).toEqual(first);
      const other = await ctx.loadAnotherRunner();
      try {
        expect(await greedyIds(ctx, other, prompt, STEPS)).toEqual(first);
      } finally {
        await other.dispose();
      }
    });

    it('picks, at every step, a token the reference also ranks first (within tolerance)', async () => {
      const width = ctx.vocabSize;
      const prompt = testTokens(width, 5, 401);
      const ids = await greedyIds(ctx, ctx.runner, prompt, STEPS);
      // One reference pass over prompt + ids scores every step; near-ties are allowed, a worse pick is not.
      const ref = await ctx.reference([...prompt, ...ids.slice(0, -1)]);
      for (const [step, id] of ids.entries()) {
        const row = logitRows(ref, width, prompt.length - 1 + step, prompt.length + step);
        const best = row[argmax(row)];
        const margin = ctx.tolerance * Math.max(1, Math.abs(best));
        expect(
          row[id],
          `step ${step}: token ${id} vs the reference's best ${argmax(row)}`,
        ).toBeGreaterThanOrEqual(best - 2 * margin);
      }
    });
  });
}
