import { describe, expect, it } from 'vitest';
import { expectLogitsClose, logitRows } from './compare-logits.js';
import type { ConformanceContext } from './conformance-context.js';
import { testTokens } from './test-tokens.js';

/** Check 4: the runner's appends keep the cache's bookkeeping right, and truncate / fork behave as recompute. */
export function registerKVCacheChecks(ctx: ConformanceContext): void {
  describe('KV cache', () => {
    it('length, nextPosition and positions advance with every forward', async () => {
      const tokens = testTokens(ctx.vocabSize, 6, 500);
      const cache = ctx.newCache();
      expect([cache.length, cache.nextPosition]).toEqual([0, 0]);
      await ctx.forward(cache, tokens.slice(0, 4), 'last');
      expect([cache.length, cache.nextPosition]).toEqual([4, 4]);
      expect(Array.from(cache.positions())).toEqual([0, 1, 2, 3]);
      await ctx.forward(cache, tokens.slice(4, 5), 'last');
      await ctx.forward(cache, tokens.slice(5, 6), 'all');
      expect([cache.length, cache.nextPosition]).toEqual([6, 6]);
      expect(Array.from(cache.positions())).toEqual([0, 1, 2, 3, 4, 5]);
      const { numKVHeads, headDim } = ctx.runner.kvLayout;
      for (let l = 0; l < ctx.runner.kvLayout.numLayers; l++) {
        const { key, value } = cache.read(l);
        expect(key.length).toBe(numKVHeads * 6 * headDim);
        expect(value.length).toBe(numKVHeads * 6 * headDim);
      }
    });

    it('truncate, then re-running the dropped tokens, reproduces the same logits', async () => {
      const width = ctx.vocabSize;
      const tokens = testTokens(width, 11, 501);
      const ref = await ctx.reference(tokens);
      const cache = ctx.newCache();
      const first = await ctx.forward(cache, tokens, 'all');
      cache.truncate(6);
      expect([cache.length, cache.nextPosition]).toEqual([6, 6]);
      const again = await ctx.forward(cache, tokens.slice(6), 'all');
      expectLogitsClose(again, logitRows(first, width, 6, 11), ctx.tolerance, 're-run vs first run', width);
      expectLogitsClose(again, logitRows(ref, width, 6, 11), ctx.tolerance, 're-run vs reference', width);
      expect(cache.length).toBe(11);
    });

    it('truncate, then different tokens, equals the reference of the new sequence (speculative rollback)', async () => {
      const width = ctx.vocabSize;
      const prefix = testTokens(width, 5, 502);
      const rejected = testTokens(width, 4, 503);
      const accepted = testTokens(width, 3, 504);
      const cache = ctx.newCache();
      await ctx.forward(cache, [...prefix, ...rejected], 'last');
      cache.truncate(prefix.length);
      const rows = await ctx.forward(cache, accepted, 'all');
      const ref = await ctx.reference([...prefix, ...accepted]);
      const expected = logitRows(ref, width, prefix.length, prefix.length + accepted.length);
      expectLogitsClose(rows, expected, ctx.tolerance, 'after rollback', width);
    });

    it('fork gives an independent cache whose continuation matches the reference', async () => {
      const width = ctx.vocabSize;
      const prefix = testTokens(width, 6, 505);
      const a = testTokens(width, 3, 506);
      const b = testTokens(width, 4, 507);
      const original = ctx.newCache();
      await ctx.forward(original, prefix, 'last');
      const fork = original.fork();
      expect([fork.length, fork.nextPosition]).toEqual([prefix.length, prefix.length]);

      const rowsB = await ctx.forward(fork, b, 'all');
      expect(original.length).toBe(prefix.length);
      const rowsA = await ctx.forward(original, a, 'all');
      expect([original.length, fork.length]).toEqual([prefix.length + a.length, prefix.length + b.length]);

      const refA = await ctx.reference([...prefix, ...a]);
      const refB = await ctx.reference([...prefix, ...b]);
      const n = prefix.length;
      expectLogitsClose(
        rowsA,
        logitRows(refA, width, n, n + a.length),
        ctx.tolerance,
        'original after fork',
        width,
      );
      expectLogitsClose(rowsB, logitRows(refB, width, n, n + b.length), ctx.tolerance, 'fork', width);

      // One more step on each proves neither run wrote into the other's entries.
      const x = testTokens(width, 1, 508);
      const lastA = await ctx.forward(original, x, 'last');
      const lastB = await ctx.forward(fork, x, 'last');
      const refAx = await ctx.reference([...prefix, ...a, ...x]);
      const refBx = await ctx.reference([...prefix, ...b, ...x]);
      const endA = n + a.length;
      const endB = n + b.length;
      expectLogitsClose(
        lastA,
        logitRows(refAx, width, endA, endA + 1),
        ctx.tolerance,
        'original, next step',
        width,
      );
      expectLogitsClose(
        lastB,
        logitRows(refBx, width, endB, endB + 1),
        ctx.tolerance,
        'fork, next step',
        width,
      );
    });
  });
}
