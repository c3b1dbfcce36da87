import { type Engine, PocketLMError } from '@pocketlm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tinyEngine } from './engine-fixture.js';

const prompts = [
  'The quick brown fox',
  'Hello, world!',
  'Once upon a time',
  'A B C D E F G',
  'é ü 日本',
  'Numbers: 1 2 3',
];

let serial: Engine;
let continuous: Engine;
beforeAll(async () => {
  serial = await tinyEngine({ scheduler: 'serial' });
  continuous = await tinyEngine({ scheduler: 'continuous', maxConcurrency: 4 });
});
afterAll(async () => {
  await serial.dispose();
  await continuous.dispose();
});

function codeOf(e: unknown): string {
  return PocketLMError.isInstance(e) ? e.code : `untyped: ${e}`;
}

describe('concurrent requests through the engine', () => {
  it('batched greedy output equals one-at-a-time output, request for request', async () => {
    const alone = [];
    for (const prompt of prompts) alone.push((await serial.generate({ prompt, maxTokens: 20 })).tokens);
    const together = await Promise.all(
      prompts.map((prompt) => continuous.generate({ prompt, maxTokens: 20 })),
    );
    expect(together.map((r) => r.tokens)).toEqual(alone);
  });

  it('an abort of one request leaves the others to finish', async () => {
    const controller = new AbortController();
    const runs = prompts.map((prompt, i) =>
      continuous.generate({ prompt, maxTokens: 30, signal: i === 2 ? controller.signal : undefined }),
    );
    setTimeout(() => controller.abort(), 5);
    const results = await Promise.allSettled(runs);
    expect(results[2].status === 'rejected' ? codeOf(results[2].reason) : 'finished').toMatch(
      /ABORTED|finished/,
    );
    for (const [i, r] of results.entries()) if (i !== 2) expect(r.status).toBe('fulfilled');
  });

  it('a full queue rejects at once with QUEUE_FULL', async () => {
    const small = await tinyEngine({ scheduler: 'continuous', maxConcurrency: 1, maxQueued: 2 });
    try {
      const results = await Promise.allSettled(
        prompts.map((prompt) => small.generate({ prompt, maxTokens: 5 })),
      );
      const codes = results.map((r) => (r.status === 'fulfilled' ? 'ok' : codeOf(r.reason)));
      // All six arrive before any is admitted: two wait, the rest are refused at once, nothing is lost silently.
      expect(codes.filter((c) => c === 'ok').length).toBeGreaterThanOrEqual(2);
      expect(codes.filter((c) => c === 'QUEUE_FULL').length).toBeGreaterThan(0);
      expect(codes.every((c) => c === 'ok' || c === 'QUEUE_FULL')).toBe(true);
      // The engine still serves requests after refusing some.
      expect((await small.generate({ prompt: 'again', maxTokens: 3 })).tokens.length).toBeGreaterThan(0);
    } finally {
      await small.dispose();
    }
  });

  it('a memory budget below the weights → MEMORY_BUDGET_EXCEEDED when loading', async () => {
    await expect(tinyEngine({ memoryBudgetBytes: 1000 })).rejects.toSatisfy(
      (e) => codeOf(e) === 'MEMORY_BUDGET_EXCEEDED',
    );
  });

  it('a request whose KV can never fit the budget → MEMORY_BUDGET_EXCEEDED; smaller ones run', async () => {
    const probe = await tinyEngine();
    const info = probe.info;
    await probe.dispose();
    // tiny: 2 layers × 2 KV heads × 16 dims × 2 (K and V) × 4 bytes = 512 bytes per token.
    const weights = 450_000;
    const budget = await tinyEngine({ memoryBudgetBytes: weights + 512 * 64 });
    try {
      expect(info.numLayers).toBe(2);
      await expect(budget.generate({ prompt: 'hi', maxTokens: 200 })).rejects.toSatisfy(
        (e) => codeOf(e) === 'MEMORY_BUDGET_EXCEEDED',
      );
      const ok = await budget.generate({ prompt: 'hi', maxTokens: 8 });
      expect(ok.tokens.length).toBeGreaterThan(0);
      // Under its own capped policy the same long request books only its cap, so it runs.
      const capped = await budget.generate({
        prompt: 'hi',
        maxTokens: 200,
        kvCache: { type: 'value-norm', maxBytes: 512 * 24, sinks: 4, recent: 8 },
      });
      expect(capped.tokens.length).toBeGreaterThan(0);
    } finally {
      await budget.dispose();
    }
  });

  it('an unknown scheduler name → INVALID_OPTIONS', async () => {
    await expect(tinyEngine({ scheduler: 'fifo' as never })).rejects.toSatisfy(
      (e) => codeOf(e) === 'INVALID_OPTIONS',
    );
  });
});
