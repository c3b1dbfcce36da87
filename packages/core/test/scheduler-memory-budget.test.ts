import { describe, expect, it } from 'vitest';
import { PocketLMError } from '../src/errors/pocketlm-error.js';
import { ContinuousBatchScheduler } from '../src/scheduler/continuous-batch-scheduler.js';
import { CountingRunner, heldTokens, countingTask as task } from './scheduler-counting-runner.js';

// 10 bytes per token, 1000 in all, 200 taken by weights: room for 80 tokens of KV.
const budget = { bytes: 1000, bytesPerToken: 10, reservedBytes: 200 };

function catchError(fn: () => unknown): PocketLMError {
  try {
    fn();
  } catch (error) {
    if (PocketLMError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a PocketLMError');
}

describe('ContinuousBatchScheduler memory budget', () => {
  it('admits tasks while their reservations fit and queues the rest until memory is released', async () => {
    const runner = new CountingRunner();
    runner.delayMs = 1;
    const scheduler = new ContinuousBatchScheduler(runner, { maxBatchSize: 8, memoryBudget: budget });
    const log: string[] = [];
    const reserved: number[] = [];
    runner.onForward = () => {
      reserved.push(scheduler.reservedBytes);
    };
    // Each reserves (10 prompt + 25 new) × 10 = 350 bytes: two fit in 800, the third waits.
    const prompt = Array.from({ length: 10 }, (_, i) => i);
    const tasks = ['a', 'b', 'c'].map((name, i) => task(prompt, 4 + i * 10, log, name, { maxNewTokens: 25 }));
    const runs = tasks.map((t) => scheduler.run(t));
    await new Promise((r) => setTimeout(r, 0));
    expect(scheduler.running).toBe(2);
    expect(scheduler.pending).toBe(3);
    await Promise.all(runs);
    expect(Math.max(...reserved)).toBe(700);
    expect(log.indexOf('c:start')).toBeGreaterThan(log.lastIndexOf('a:13'));
    expect(scheduler.reservedBytes).toBe(0);
  });

  it('does not let a small task overtake a large one waiting at the head of the queue', async () => {
    const runner = new CountingRunner();
    const scheduler = new ContinuousBatchScheduler(runner, { maxBatchSize: 8, memoryBudget: budget });
    const log: string[] = [];
    const big = task([1], 5, log, 'big', { maxNewTokens: 60 }); // 610 bytes
    const small = task([1], 3, log, 'small', { maxNewTokens: 5 }); // 60 bytes
    const first = task([1], 5, log, 'first', { maxNewTokens: 30 }); // 310 bytes
    await Promise.all([scheduler.run(first), scheduler.run(big), scheduler.run(small)]);
    const starts = log.filter((l) => l.endsWith(':start'));
    expect(starts).toEqual(['first:start', 'big:start', 'small:start']);
    expect(log.indexOf('big:start')).toBeGreaterThan(log.indexOf('first:6'));
  });

  it('rejects at once a task that could never fit, with the numbers in details', async () => {
    const runner = new CountingRunner();
    const scheduler = new ContinuousBatchScheduler(runner, { maxBatchSize: 8, memoryBudget: budget });
    const t = task(
      Array.from({ length: 50 }, (_, i) => i),
      1,
      [],
      'huge',
      { maxNewTokens: 31 },
    );
    await expect(scheduler.run(t)).rejects.toMatchObject({
      code: 'MEMORY_BUDGET_EXCEEDED',
      details: {
        tokens: 81,
        requestedBytes: 810,
        availableBytes: 800,
        budgetBytes: 1000,
        reservedBytes: 200,
      },
    });
    expect(runner.batches).toHaveLength(0);
    // Without maxNewTokens a task reserves the model's whole context (4096 tokens here), which never fits.
    await expect(scheduler.run(task([1], 1, [], 'open'))).rejects.toMatchObject({
      code: 'MEMORY_BUDGET_EXCEEDED',
      details: { tokens: 4096 },
    });
    // Tokens already in the cache count: 30 held + 10 prompt + 45 new = 85 tokens.
    const chat = task(
      Array.from({ length: 10 }, (_, i) => i),
      1,
      [],
      'chat',
      { maxNewTokens: 45 },
    );
    const kv = Float32Array.from({ length: 30 }, (_, i) => i);
    chat.cache.append({ positions: Array.from(kv, (_, i) => i), keys: [kv], values: [kv] });
    await expect(scheduler.run(chat)).rejects.toMatchObject({ code: 'MEMORY_BUDGET_EXCEEDED' });
  });

  it('refuses at construction a budget smaller than the weights and working memory', () => {
    const runner = new CountingRunner();
    const error = catchError(
      () =>
        new ContinuousBatchScheduler(runner, {
          maxBatchSize: 4,
          memoryBudget: { bytes: 100, bytesPerToken: 10, reservedBytes: 500 },
        }),
    );
    expect(error.code).toBe('MEMORY_BUDGET_EXCEEDED');
    expect(error.details).toEqual({ budgetBytes: 100, reservedBytes: 500 });
    expect(
      catchError(
        () =>
          new ContinuousBatchScheduler(runner, {
            maxBatchSize: 4,
            memoryBudget: { bytes: 100, bytesPerToken: 0 },
          }),
      ).code,
    ).toBe('INVALID_OPTIONS');
  });

  it('releases a reservation on abort and on failure, admitting the next task', async () => {
    const runner = new CountingRunner();
    const scheduler = new ContinuousBatchScheduler(runner, { maxBatchSize: 8, memoryBudget: budget });
    const log: string[] = [];
    const controller = new AbortController();
    // 500 bytes each: one at a time.
    const aborted = task([1], 100, log, 'aborted', { maxNewTokens: 49, signal: controller.signal });
    const failing = task([1], 100, log, 'failing', {
      maxNewTokens: 49,
      onLogits: (row) => {
        log.push('failing:step');
        if (log.filter((l) => l === 'failing:step').length === 3) throw new Error('sampler bug');
        return { next: row.indexOf(1) };
      },
    });
    const last = task([1], 2, log, 'last', { maxNewTokens: 49 });
    runner.onForward = (call) => {
      if (call === 3) controller.abort();
    };
    const results = await Promise.allSettled([aborted, failing, last].map((t) => scheduler.run(t)));
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'fulfilled']);
    expect(log.filter((l) => l.endsWith(':start'))).toEqual(['aborted:start', 'failing:start', 'last:start']);
    expect(scheduler.reservedBytes).toBe(0);
  });

  it('finishes a task once it has fed maxNewTokens tokens, so its cache stays within the reservation', async () => {
    const runner = new CountingRunner();
    const scheduler = new ContinuousBatchScheduler(runner, { maxBatchSize: 8, memoryBudget: budget });
    const t = task([1, 2, 3], 1000, [], 'greedy', { maxNewTokens: 5 });
    await scheduler.run(t);
    expect(heldTokens(t.cache)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
});

describe('per-request KV cost', () => {
  it("books a task's own bytes per token and at most its cache's cap", async () => {
    const runner = new CountingRunner();
    const scheduler = new ContinuousBatchScheduler(runner, { maxBatchSize: 4, memoryBudget: budget });
    const reserved: number[] = [];
    runner.onForward = () => {
      reserved.push(scheduler.reservedBytes);
    };
    const prompt = Array.from({ length: 10 }, (_, i) => i);
    // 200 tokens at the budget's 10 bytes would never fit 800; at 2 bytes (int4, say) they do.
    await scheduler.run(task(prompt, 3, [], 'cheap', { maxNewTokens: 190, kvCost: { bytesPerToken: 2 } }));
    expect(reserved[0]).toBe(400);
    // A capped cache books its cap, however long the sequence.
    reserved.length = 0;
    await scheduler.run(task(prompt, 3, [], 'capped', { maxNewTokens: 990, kvCost: { maxHeldBytes: 300 } }));
    expect(reserved[0]).toBe(300);
    const error = await scheduler
      .run(task(prompt, 3, [], 'big', { maxNewTokens: 190, kvCost: { bytesPerToken: 20 } }))
      .catch((e: unknown) => e);
    expect(PocketLMError.isInstance(error, 'MEMORY_BUDGET_EXCEEDED')).toBe(true);
  });
});
