import { describe, expect, it } from 'vitest';
import { argmax } from './argmax.js';
import { expectLogitsClose } from './compare-logits.js';
import type { ConformanceContext } from './conformance-context.js';
import { testTokens } from './test-tokens.js';

/** Greedy ids of `steps` decode steps after `prompt`, one token per forward: what plain decoding picks. */
async function greedyOneByOne(ctx: ConformanceContext, prompt: number[], steps: number): Promise<number[]> {
  const cache = ctx.newCache();
  let row = await ctx.forward(cache, prompt, 'last');
  const ids: number[] = [];
  for (let i = 0; i < steps; i++) {
    ids.push(argmax(row));
    row = await ctx.forward(cache, [ids[i]], 'last');
  }
  ids.push(argmax(row));
  return ids;
}

/** Check 8: the multi-token forward speculative decoding verifies drafts with. */
export function registerSpeculativeChecks(ctx: ConformanceContext): void {
  describe('speculative verification', () => {
    it('a verify forward picks, row by row, the greedy ids of one-by-one decoding', async () => {
      const width = ctx.vocabSize;
      const prompt = testTokens(width, 7, 800);
      const greedy = await greedyOneByOne(ctx, prompt, 6);
      const cache = ctx.newCache();
      await ctx.forward(cache, prompt, 'last');
      // Feed the first greedy id and five right drafts: every row must confirm the next one.
      const rows = await ctx.forward(cache, greedy.slice(0, 6), 'all');
      const picks = Array.from({ length: 6 }, (_, r) => argmax(rows, r * width, width));
      expect(picks).toEqual(greedy.slice(1, 7));
    });

    it('dropping rejected drafts and continuing equals never having drafted', async () => {
      const width = ctx.vocabSize;
      const prompt = testTokens(width, 9, 801);
      const greedy = await greedyOneByOne(ctx, prompt, 5);
      const cache = ctx.newCache();
      await ctx.forward(cache, prompt, 'last');
      // Two right drafts, then two wrong ones.
      const wrong = greedy.slice(3, 5).map((id) => (id + 1) % width);
      await ctx.forward(cache, [...greedy.slice(0, 3), ...wrong], 'all');
      cache.truncate(prompt.length + 3);
      expect(cache.nextPosition).toBe(prompt.length + 3);
      const after = await ctx.forward(cache, [greedy[3]], 'last');
      expect(argmax(after)).toBe(greedy[4]);
      const ref = await ctx.reference([...prompt, ...greedy.slice(0, 4)]);
      expectLogitsClose(
        after,
        ref.subarray(ref.length - width),
        ctx.tolerance,
        'after rejected drafts',
        width,
      );
    });

    it('verifies drafts of different lengths for several sequences in one forward', async () => {
      const width = ctx.vocabSize;
      const prompts = [testTokens(width, 5, 802), testTokens(width, 8, 803), testTokens(width, 3, 804)];
      const greedy = await Promise.all(prompts.map((p) => greedyOneByOne(ctx, p, 4)));
      const caches = prompts.map(() => ctx.newCache());
      for (const [i, p] of prompts.entries()) await ctx.forward(caches[i], p, 'last');
      const feeds = [greedy[0].slice(0, 4), greedy[1].slice(0, 1), greedy[2].slice(0, 3)];
      const result = await ctx.runner.forward({
        sequences: feeds.map((tokens, i) =>
          ctx.sequence(caches[i], tokens, tokens.length > 1 ? 'all' : 'last'),
        ),
      });
      for (const [i, tokens] of feeds.entries()) {
        const picks = tokens.map((_, r) => argmax(result.logits[i], r * width, width));
        expect(picks, `sequence ${i}`).toEqual(greedy[i].slice(1, tokens.length + 1));
      }
    });
  });
}
