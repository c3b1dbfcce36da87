import { describe, expect, it } from 'vitest';
import { PocketLMError } from '../errors/pocketlm-error.js';
import { FullKVCache } from '../kv-cache/full-kv-cache.js';
import type { ConformanceContext } from './conformance-context.js';
import { testTokens } from './test-tokens.js';
import { withoutFiles } from './without-files.js';

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('Expected a rejection, but the call resolved.');
}

/** Check 7: malformed KV appends and forwards are refused, and missing weights are MODEL_NOT_FOUND. */
export function registerErrorChecks(ctx: ConformanceContext): void {
  describe('errors', () => {
    it('the cache rejects appends with the wrong number of layers or the wrong size', async () => {
      const cache = ctx.newCache();
      await ctx.forward(cache, testTokens(ctx.vocabSize, 3, 700), 'last');
      const before = ctx.snapshot(cache);
      const { numLayers, numKVHeads, headDim } = ctx.runner.kvLayout;
      const layer = (tokens: number) => new Float32Array(numKVHeads * tokens * headDim);
      const layers = (count: number, tokens: number) => Array.from({ length: count }, () => layer(tokens));
      const tooFewLayers = {
        positions: [3],
        keys: layers(numLayers - 1, 1),
        values: layers(numLayers - 1, 1),
      };
      const wrongSize = { positions: [3, 4], keys: layers(numLayers, 1), values: layers(numLayers, 1) };
      for (const entries of [tooFewLayers, wrongSize]) {
        let thrown: unknown;
        try {
          cache.append(entries);
        } catch (error) {
          thrown = error;
        }
        expect(PocketLMError.isInstance(thrown), `append threw ${String(thrown)}`).toBe(true);
      }
      expect(ctx.snapshot(cache)).toEqual(before);
    });

    it('a forward over a cache laid out for another model is rejected', async () => {
      const { numLayers, numKVHeads, headDim } = ctx.runner.kvLayout;
      const cache = new FullKVCache({ numLayers, numKVHeads: numKVHeads + 1, headDim });
      const error = await rejection(ctx.forward(cache, testTokens(ctx.vocabSize, 2, 701), 'last'));
      expect(PocketLMError.isInstance(error), `rejected with ${String(error)}`).toBe(true);
      expect(cache.length).toBe(0);
    });

    it('a sequence with fewer positions than tokens is rejected and leaves its cache untouched', async () => {
      const cache = ctx.newCache();
      const error = await rejection(
        ctx.runner.forward({
          sequences: [
            { tokens: testTokens(ctx.vocabSize, 3, 702), positions: [0, 1], cache, logits: 'last' },
          ],
        }),
      );
      expect(PocketLMError.isInstance(error), `rejected with ${String(error)}`).toBe(true);
      expect(cache.length).toBe(0);
    });

    it('loadModel on a model without its weight files rejects with MODEL_NOT_FOUND', async () => {
      const loadOptions = ctx.options.loadOptions ?? {};
      const weights = ctx.backend.requiredFiles(loadOptions).map((f) => f.name);
      expect(weights.length).toBeGreaterThan(0);
      const backend = await ctx.options.createBackend();
      const error = await rejection(backend.loadModel(withoutFiles(ctx.files, weights), loadOptions));
      expect(PocketLMError.isInstance(error, 'MODEL_NOT_FOUND'), `rejected with ${String(error)}`).toBe(true);
    });
  });
}
