import { FullKVCache, PocketLMError } from '@pocketlm/core';
import { describe, expect, it } from 'vitest';
import { loadFixtureRunner } from './wasm-fixtures.js';

describe('memory at run time', () => {
  it('a forward that would outgrow maxMemoryBytes is MEMORY_BUDGET_EXCEEDED, leaves the cache untouched, and the runner keeps working', async () => {
    // tiny's weights and a first forward fit in 2 MiB; 3,000 new tokens' working buffers do not.
    const runner = await loadFixtureRunner('tiny', {}, { maxMemoryBytes: 2 * 1024 * 1024 });
    try {
      const cache = new FullKVCache(runner.kvLayout);
      await runner.forward({
        sequences: [{ tokens: [1, 2, 3], positions: [0, 1, 2], cache, logits: 'last' }],
      });
      const tokens = Array.from({ length: 3000 }, (_, i) => (i * 7) % 500);
      let thrown: unknown;
      try {
        await runner.forward({
          sequences: [{ tokens, positions: tokens.map((_, i) => 3 + i), cache, logits: 'last' }],
        });
      } catch (error) {
        thrown = error;
      }
      expect(PocketLMError.isInstance(thrown, 'MEMORY_BUDGET_EXCEEDED'), String(thrown)).toBe(true);
      expect(cache.length).toBe(3);
      expect(runner.reservedBytes).toBeLessThanOrEqual(2 * 1024 * 1024);
      const next = await runner.forward({
        sequences: [{ tokens: [4], positions: [3], cache, logits: 'last' }],
      });
      expect(next.logits[0].length).toBe(runner.vocabSize);
      expect(cache.length).toBe(4);
    } finally {
      await runner.dispose();
    }
  });
});
