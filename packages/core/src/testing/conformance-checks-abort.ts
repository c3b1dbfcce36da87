import { describe, expect, it } from 'vitest';
import { PocketLMError } from '../errors/pocketlm-error.js';
import type { KVCache } from '../kv-cache/kv-cache.js';
import { expectLogitsClose, logitRows } from './compare-logits.js';
import type { ConformanceContext } from './conformance-context.js';
import { testTokens } from './test-tokens.js';

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('Expected the forward to reject, but it resolved.');
}

/** Ways to fire the signal after a forward has started: before it yields, after a macrotask, after a few ms. */
const ABORT_TIMINGS: { name: string; schedule: (abort: () => void) => void }[] = [
  { name: 'in a microtask', schedule: (abort) => queueMicrotask(abort) },
  { name: 'after a macrotask', schedule: (abort) => setTimeout(abort, 0) },
  { name: 'after 3 ms', schedule: (abort) => setTimeout(abort, 3) },
];

/** Check 5: an abort rejects with ABORTED and leaves the cache exactly as it was. */
export function registerAbortChecks(ctx: ConformanceContext): void {
  describe('abort', () => {
    it('an already-aborted signal rejects with ABORTED and leaves the caches untouched', async () => {
      const width = ctx.vocabSize;
      const caches: KVCache[] = [];
      const batchSize = Math.min(2, ctx.backend.capabilities.maxBatchSize);
      for (let i = 0; i < batchSize; i++) {
        const cache = ctx.newCache();
        await ctx.forward(cache, testTokens(width, 4 + i, 600 + i), 'last');
        caches.push(cache);
      }
      const before = caches.map((c) => ctx.snapshot(c));
      const controller = new AbortController();
      controller.abort(new Error('stop'));
      const error = await rejection(
        ctx.runner.forward({
          sequences: caches.map((c, i) => ctx.sequence(c, testTokens(width, 3, 610 + i), 'last')),
          signal: controller.signal,
        }),
      );
      expect(PocketLMError.isInstance(error, 'ABORTED'), `rejected with ${String(error)}`).toBe(true);
      for (const [i, c] of caches.entries()) expect(ctx.snapshot(c)).toEqual(before[i]);
    });

    for (const timing of ABORT_TIMINGS) {
      it(`aborting a long prefill ${timing.name} rejects with ABORTED and an untouched cache, or completes consistently`, async () => {
        const width = ctx.vocabSize;
        const past = testTokens(width, 2, 620);
        const length = Math.max(8, Math.min(160, ctx.runner.config.maxPositionEmbeddings - 8));
        const prompt = testTokens(width, length, 621);
        const cache = ctx.newCache();
        await ctx.forward(cache, past, 'last');
        const before = ctx.snapshot(cache);

        const controller = new AbortController();
        const run = ctx.forward(cache, prompt, 'last', ctx.runner, controller.signal);
        timing.schedule(() => controller.abort(new Error('stop')));
        let completed: Float32Array | undefined;
        try {
          completed = await run;
        } catch (error) {
          expect(PocketLMError.isInstance(error, 'ABORTED'), `rejected with ${String(error)}`).toBe(true);
        }

        let held = past;
        if (completed) {
          // Too quick to interrupt: then the call must have finished normally.
          held = [...past, ...prompt];
          const ref = await ctx.reference(held);
          expectLogitsClose(
            completed,
            logitRows(ref, width, held.length - 1, held.length),
            ctx.tolerance,
            'completed',
            width,
          );
          expect(cache.length).toBe(held.length);
        } else {
          expect(ctx.snapshot(cache)).toEqual(before);
        }
        // Either way the cache keeps working from where it stands.
        const next = testTokens(width, 1, 622);
        const row = await ctx.forward(cache, next, 'last');
        const ref = await ctx.reference([...held, ...next]);
        expectLogitsClose(
          row,
          logitRows(ref, width, held.length, held.length + 1),
          ctx.tolerance,
          'after abort',
          width,
        );
      });
    }
  });
}
