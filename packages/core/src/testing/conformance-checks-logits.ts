import { describe, expect, it } from 'vitest';
import { expectLogitsClose, logitRows } from './compare-logits.js';
import type { ConformanceContext } from './conformance-context.js';
import { testTokens } from './test-tokens.js';

/** Sequence lengths the logits checks cover: a single token, short prompts and one long enough to cross 16. */
const LENGTHS = [1, 3, 8, 23];

/** Checks 1, 2 and 6: logits against the reference, KV reuse against recompute, batching against one by one. */
export function registerLogitsChecks(ctx: ConformanceContext): void {
  describe('logits', () => {
    for (const mode of ['all', 'last'] as const) {
      it(`match the reference for several sequences (logits: '${mode}')`, async () => {
        const width = ctx.vocabSize;
        for (const [i, length] of LENGTHS.entries()) {
          const tokens = testTokens(width, length, 100 + i);
          const cache = ctx.newCache();
          const actual = await ctx.forward(cache, tokens, mode);
          const ref = await ctx.reference(tokens);
          const expected = mode === 'all' ? ref : logitRows(ref, width, length - 1, length);
          expectLogitsClose(actual, expected, ctx.tolerance, `${length} tokens, '${mode}'`, width);
          expect(cache.length).toBe(length);
        }
      });
    }

    it('prefill then token-by-token decode equals the reference over the whole sequence', async () => {
      const width = ctx.vocabSize;
      const tokens = testTokens(width, 14, 200);
      const ref = await ctx.reference(tokens);
      const cache = ctx.newCache();
      const prefill = 6;
      const prefillLogits = await ctx.forward(cache, tokens.slice(0, prefill), 'all');
      expectLogitsClose(prefillLogits, logitRows(ref, width, 0, prefill), ctx.tolerance, 'prefill', width);
      for (let t = prefill; t < tokens.length; t++) {
        const row = await ctx.forward(cache, [tokens[t]], 'last');
        expectLogitsClose(
          row,
          logitRows(ref, width, t, t + 1),
          ctx.tolerance,
          `decode step at token ${t}`,
          width,
        );
      }
      expect(cache.length).toBe(tokens.length);
    });

    it('prefill in uneven chunks equals the reference (KV reuse equals recompute)', async () => {
      const width = ctx.vocabSize;
      const tokens = testTokens(width, 17, 201);
      const ref = await ctx.reference(tokens);
      const cache = ctx.newCache();
      let start = 0;
      for (const size of [5, 1, 7, 4]) {
        const rows = await ctx.forward(cache, tokens.slice(start, start + size), 'all');
        const what = `chunk of tokens ${start}..${start + size - 1}`;
        expectLogitsClose(rows, logitRows(ref, width, start, start + size), ctx.tolerance, what, width);
        start += size;
      }
    });
  });

  describe('batching', () => {
    it('a batch of sequences with different lengths and pasts equals running each alone', async (test) => {
      const maxBatch = ctx.backend.capabilities.maxBatchSize;
      if (maxBatch < 2) {
        test.skip(`${ctx.options.name} runs one sequence per forward (maxBatchSize ${maxBatch})`);
        return;
      }
      const width = ctx.vocabSize;
      // A prefill over a cached prefix, a prefill from empty, and a single decode step: what continuous
      // batching mixes in one call.
      const specs = [
        { past: testTokens(width, 3, 300), next: testTokens(width, 4, 301), logits: 'all' as const },
        { past: [] as number[], next: testTokens(width, 7, 302), logits: 'last' as const },
        { past: testTokens(width, 9, 303), next: testTokens(width, 1, 304), logits: 'last' as const },
      ].slice(0, maxBatch);

      const prepare = async () =>
        Promise.all(
          specs.map(async (spec) => {
            const cache = ctx.newCache();
            if (spec.past.length > 0) await ctx.forward(cache, spec.past, 'last');
            return cache;
          }),
        );
      const aloneCaches = await prepare();
      const alone: Float32Array[] = [];
      for (const [i, spec] of specs.entries())
        alone.push(await ctx.forward(aloneCaches[i], spec.next, spec.logits));

      const batchCaches = await prepare();
      const batched = await ctx.runner.forward({
        sequences: specs.map((spec, i) => ctx.sequence(batchCaches[i], spec.next, spec.logits)),
      });
      expect(batched.logits).toHaveLength(specs.length);
      for (const [i, spec] of specs.entries()) {
        expectLogitsClose(batched.logits[i], alone[i], ctx.tolerance, `batch sequence ${i} vs alone`, width);
        const all = [...spec.past, ...spec.next];
        const ref = await ctx.reference(all);
        const from = spec.logits === 'all' ? spec.past.length : all.length - 1;
        const expected = logitRows(ref, width, from, all.length);
        expectLogitsClose(
          batched.logits[i],
          expected,
          ctx.tolerance,
          `batch sequence ${i} vs reference`,
          width,
        );
        expect(batchCaches[i].length).toBe(all.length);
      }
      // The caches the batch filled must carry on exactly like the ones filled alone.
      for (const [i] of specs.entries()) {
        const probe = testTokens(width, 2, 305 + i);
        const fromBatch = await ctx.forward(batchCaches[i], probe, 'all');
        const fromAlone = await ctx.forward(aloneCaches[i], probe, 'all');
        expectLogitsClose(fromBatch, fromAlone, ctx.tolerance, `continuation of batch sequence ${i}`, width);
      }
    });
  });
}
