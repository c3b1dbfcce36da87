import { describe, expect, it } from 'vitest';
import { PocketLMError } from '../src/errors/pocketlm-error.js';
import type { KVCache } from '../src/kv-cache/kv-cache.js';
import { ContinuousBatchScheduler } from '../src/scheduler/continuous-batch-scheduler.js';
import { CountingRunner, heldTokens, countingTask as task } from './scheduler-counting-runner.js';

/**
 * Each recorded call as sorted `name:kind` per sequence, kind being `d` (one token) or `p<count>` (prompt chunk).
 * Sorted because the order of sequences inside one forward carries no meaning.
 */
function shapes(runner: CountingRunner, names: Map<KVCache, string>): string[][] {
  return runner.batches.map((b) =>
    b.map((s) => `${names.get(s.cache)}:${s.tokens.length === 1 ? 'd' : `p${s.tokens.length}`}`).sort(),
  );
}

function consecutive(cache: KVCache): void {
  const positions = Array.from(cache.positions());
  expect(positions).toEqual(positions.map((_, i) => i));
  expect(cache.length).toBe(positions.length);
}

describe('ContinuousBatchScheduler', () => {
  it('runs the decode steps of several tasks in the same forward calls, admitting one prompt per step', async () => {
    const runner = new CountingRunner();
    const scheduler = new ContinuousBatchScheduler(runner, { maxBatchSize: 8 });
    const log: string[] = [];
    const tasks = ['a', 'b', 'c', 'd'].map((name, i) => task([10 * i, 10 * i + 1], 3, log, name));
    await Promise.all(tasks.map((t) => scheduler.run(t)));
    expect(runner.batches.map((b) => b.length)).toEqual([1, 2, 3, 3, 2, 1]);
    for (const [i, t] of tasks.entries()) {
      // Prompt, then the two tokens fed back (the third pick ends the task).
      expect(heldTokens(t.cache)).toEqual([10 * i, 10 * i + 1, 10 * i + 2, 10 * i + 3]);
      consecutive(t.cache);
    }
    expect(log.filter((l) => l.startsWith('c:'))).toEqual(['c:start', 'c:22', 'c:23', 'c:24']);
    expect(scheduler.pending).toBe(0);
  });

  it('lets tasks join between steps and drops finished ones from the next step', async () => {
    const runner = new CountingRunner();
    const scheduler = new ContinuousBatchScheduler(runner, { maxBatchSize: 4 });
    const log: string[] = [];
    const a = task([0], 6, log, 'a');
    const b = task([50], 2, log, 'b');
    const late = task([100], 2, log, 'late');
    let lateRun: Promise<void> | undefined;
    runner.onForward = (call) => {
      if (call === 3) lateRun = scheduler.run(late);
    };
    const names = new Map<KVCache, string>([
      [a.cache, 'a'],
      [b.cache, 'b'],
      [late.cache, 'late'],
    ]);
    await Promise.all([scheduler.run(a), scheduler.run(b)]);
    await lateRun;
    expect(shapes(runner, names)).toEqual([
      ['a:d'],
      ['a:d', 'b:d'],
      ['a:d', 'b:d'],
      // b has finished; late, submitted while call 3 ran, joins now.
      ['a:d', 'late:d'],
      ['a:d', 'late:d'],
      ['a:d'],
    ]);
    expect(heldTokens(late.cache)).toEqual([100, 101]);
  });

  it('interleaves prefill chunks with decodes, so a short prompt arriving mid-prefill gets its first token first', async () => {
    const runFor = async (prefillChunkSize: number) => {
      const runner = new CountingRunner();
      const scheduler = new ContinuousBatchScheduler(runner, { maxBatchSize: 4, prefillChunkSize });
      const log: string[] = [];
      const long = task(
        Array.from({ length: 20 }, (_, i) => i),
        2,
        log,
        'long',
      );
      const short = task([200], 2, log, 'short');
      let shortRun: Promise<void> | undefined;
      runner.onForward = (call) => {
        if (call === 1) shortRun = scheduler.run(short);
      };
      const progress: number[] = [];
      long.onPrefillProgress = (done) => progress.push(done);
      await scheduler.run(long);
      await shortRun;
      const names = new Map<KVCache, string>([
        [long.cache, 'long'],
        [short.cache, 'short'],
      ]);
      return { log, progress, shapes: shapes(runner, names), long };
    };

    const chunked = await runFor(4);
    expect(chunked.log.indexOf('short:201')).toBeLessThan(chunked.log.indexOf('long:20'));
    expect(chunked.shapes.slice(0, 4)).toEqual([
      ['long:p4'],
      ['short:d'],
      // The short prompt's decode rides along with the long prompt's chunks.
      ['long:p4', 'short:d'],
      ['long:p4'],
    ]);
    expect(chunked.progress).toEqual([4, 8, 12, 16, 20]);
    expect(heldTokens(chunked.long.cache)).toEqual(Array.from({ length: 21 }, (_, i) => i));
    consecutive(chunked.long.cache);

    const whole = await runFor(64);
    expect(whole.log.indexOf('short:201')).toBeGreaterThan(whole.log.indexOf('long:20'));
    expect(whole.shapes[0]).toEqual(['long:p20']);
  });

  it('admits higher priority first and FIFO within a priority', async () => {
    const runner = new CountingRunner();
    runner.delayMs = 2;
    const scheduler = new ContinuousBatchScheduler(runner, { maxBatchSize: 1 });
    const log: string[] = [];
    const runs = [
      scheduler.run(task([0], 2, log, 'first')),
      scheduler.run(task([0], 1, log, 'low')),
      scheduler.run(task([0], 1, log, 'high', { priority: 5 })),
      scheduler.run(task([0], 1, log, 'low2')),
    ];
    expect(scheduler.pending).toBe(4);
    await Promise.all(runs);
    // `first` is admitted before the others arrive in the wait queue's order: it was alone when the loop started.
    expect(log.filter((l) => l.endsWith(':start'))).toEqual([
      'high:start',
      'first:start',
      'low:start',
      'low2:start',
    ]);
  });

  it('takes turns round-robin when more tasks are active than a batch holds, higher priority first', async () => {
    const runner = new CountingRunner();
    const scheduler = new ContinuousBatchScheduler(runner, { maxBatchSize: 2, maxActive: 4 });
    const log: string[] = [];
    const tasks = ['a', 'b', 'c'].map((name, i) => task([50 * i], 5, log, name));
    const vip = task([200], 3, log, 'vip', { priority: 1 });
    const names = new Map<KVCache, string>(
      [...tasks, vip].map((t, i) => [t.cache, ['a', 'b', 'c', 'vip'][i]]),
    );
    await Promise.all([...tasks, vip].map((t) => scheduler.run(t)));
    const served = shapes(runner, names).map((b) => b.map((s) => s.split(':')[0]));
    expect(Math.max(...served.map((b) => b.length))).toBe(2);
    // The high-priority task is in every step until it is done.
    const vipSteps = served.findIndex((b) => !b.includes('vip'));
    expect(served.slice(0, vipSteps).every((b) => b.includes('vip'))).toBe(true);
    // Afterwards the equal-priority tasks rotate: until one of them is done, nobody gets two turns more than another.
    const counts = new Map(['a', 'b', 'c'].map((n) => [n, 0]));
    for (const batch of served.slice(vipSteps, vipSteps + 6)) {
      for (const n of batch) counts.set(n, (counts.get(n) ?? 0) + 1);
      expect(
        Math.max(...counts.values()) - Math.min(...counts.values()),
        served.join(' | '),
      ).toBeLessThanOrEqual(1);
    }
    for (const [i, t] of tasks.entries())
      expect(heldTokens(t.cache)).toEqual([0, 1, 2, 3, 4].map((k) => 50 * i + k));
  });

  it('an abort mid-step lets that task leave at the step boundary while the others carry on', async () => {
    const runner = new CountingRunner();
    const scheduler = new ContinuousBatchScheduler(runner, { maxBatchSize: 4 });
    const log: string[] = [];
    const controller = new AbortController();
    const a = task([0], 8, log, 'a');
    const b = task([50], 8, log, 'b', { signal: controller.signal });
    const c = task([100], 8, log, 'c');
    const seenAborted: boolean[] = [];
    runner.onForward = (call, batch) => {
      if (call === 5) controller.abort(new Error('user'));
      seenAborted.push(batch.signal?.aborted ?? false);
    };
    const results = await Promise.allSettled([scheduler.run(a), scheduler.run(b), scheduler.run(c)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const error = (results[1] as PromiseRejectedResult).reason;
    expect(PocketLMError.isInstance(error, 'ABORTED')).toBe(true);
    // The step b was aborted in still ran for a and c.
    expect(seenAborted.every((s) => !s)).toBe(true);
    expect(heldTokens(a.cache)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(heldTokens(c.cache)).toEqual([100, 101, 102, 103, 104, 105, 106, 107]);
    // b's cache holds what was appended up to the boundary, consistently; no step after it touched b.
    consecutive(b.cache);
    const lastWithB = runner.batches.findLastIndex((batch) => batch.some((s) => s.cache === b.cache));
    expect(lastWithB).toBe(4);
    expect(b.cache.length).toBe(
      runner.batches.slice(0, 5).filter((batch) => batch.some((s) => s.cache === b.cache)).length,
    );
    expect(log.filter((l) => l.startsWith('b:')).length).toBe(b.cache.length);
  });

  it('cuts the forward short when every sequence in it has aborted, leaving the cache untouched', async () => {
    const runner = new CountingRunner();
    const scheduler = new ContinuousBatchScheduler(runner, { maxBatchSize: 4, prefillChunkSize: 3 });
    const controller = new AbortController();
    const t = task([1, 2, 3, 4, 5, 6, 7], 2, [], 't', { signal: controller.signal });
    runner.onForward = (call) => {
      if (call === 2) controller.abort();
    };
    await expect(scheduler.run(t)).rejects.toMatchObject({ code: 'ABORTED' });
    expect(heldTokens(t.cache)).toEqual([1, 2, 3]);
    expect(runner.batches).toHaveLength(2);
    // A waiting task that aborts is dropped without running.
    const blocker = new ContinuousBatchScheduler(runner, { maxBatchSize: 1 });
    const queued = new AbortController();
    const first = blocker.run(task([0], 3, [], 'first'));
    const second = blocker.run(task([0], 3, [], 'second', { signal: queued.signal }));
    queued.abort();
    await expect(second).rejects.toMatchObject({ code: 'ABORTED' });
    await first;
    await expect(
      blocker.run(task([0], 1, [], 'late', { signal: AbortSignal.abort() })),
    ).rejects.toMatchObject({
      code: 'ABORTED',
    });
  });

  it('rejects beyond maxQueued at once with QUEUE_FULL', async () => {
    const runner = new CountingRunner();
    runner.delayMs = 2;
    const scheduler = new ContinuousBatchScheduler(runner, { maxBatchSize: 1, maxQueued: 2 });
    const log: string[] = [];
    const a = scheduler.run(task([0], 3, log, 'a'));
    let settled = 0;
    void a.then(() => settled++);
    const b = scheduler.run(task([0], 1, log, 'b'));
    const full = scheduler.run(task([0], 1, log, 'c'));
    await expect(full).rejects.toMatchObject({ code: 'QUEUE_FULL', details: { maxQueued: 2 } });
    // Rejected without waiting for anything to run.
    expect(settled).toBe(0);
    expect(log).not.toContain('c:start');
    // Once `a` is admitted the queue has room again.
    await new Promise((r) => setTimeout(r, 0));
    const d = scheduler.run(task([0], 1, log, 'd'));
    await Promise.all([a, b, d]);
    expect(log.filter((l) => l.endsWith(':start'))).toEqual(['a:start', 'b:start', 'd:start']);
  });

  it('fails only the task whose onLogits throws or picks a token outside the vocabulary', async () => {
    const runner = new CountingRunner();
    const scheduler = new ContinuousBatchScheduler(runner, { maxBatchSize: 4 });
    const log: string[] = [];
    const throwing = task([0], 5, log, 'throwing', {
      onLogits: () => {
        throw new Error('sampler bug');
      },
    });
    const badToken = task([0], 5, log, 'bad', { onLogits: () => ({ next: runner.vocabSize }) });
    const fine = task([7], 4, log, 'fine');
    const results = await Promise.allSettled([throwing, badToken, fine].map((t) => scheduler.run(t)));
    expect((results[0] as PromiseRejectedResult).reason.message).toBe('sampler bug');
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ code: 'INVALID_OPTIONS' });
    expect(results[2].status).toBe('fulfilled');
    expect(heldTokens(fine.cache)).toEqual([7, 8, 9, 10]);
  });

  it('rejects every task of a failed forward and keeps serving new ones', async () => {
    const runner = new CountingRunner();
    const scheduler = new ContinuousBatchScheduler(runner, { maxBatchSize: 4 });
    runner.onForward = (call) => {
      if (call === 3) throw new PocketLMError('BACKEND_ERROR', 'device lost');
    };
    const tasks = [task([0], 5, [], 'a'), task([9], 5, [], 'b')];
    const results = await Promise.allSettled(tasks.map((t) => scheduler.run(t)));
    for (const r of results)
      expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'BACKEND_ERROR' });
    for (const t of tasks) consecutive(t.cache);
    const after = task([3], 2, [], 'after');
    await scheduler.run(after);
    expect(heldTokens(after.cache)).toEqual([3, 4]);
  });

  it('dispose rejects waiting tasks at once and running ones at the step boundary with DISPOSED', async () => {
    const runner = new CountingRunner();
    const scheduler = new ContinuousBatchScheduler(runner, { maxBatchSize: 1 });
    const running = task([0], 100, [], 'running');
    runner.onForward = (call) => {
      if (call === 3) scheduler.dispose();
    };
    const results = Promise.allSettled([scheduler.run(running), scheduler.run(task([0], 1, [], 'waiting'))]);
    const [r, w] = await results;
    expect((w as PromiseRejectedResult).reason).toMatchObject({ code: 'DISPOSED' });
    expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'DISPOSED' });
    consecutive(running.cache);
    expect(running.cache.length).toBe(2);
    expect(scheduler.pending).toBe(0);
    await expect(scheduler.run(task([0], 1, [], 'late'))).rejects.toMatchObject({ code: 'DISPOSED' });
  });

  it('refuses bad options and empty prompts', async () => {
    const runner = new CountingRunner();
    expect(() => new ContinuousBatchScheduler(runner, { maxBatchSize: 0 })).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTIONS' }),
    );
    expect(() => new ContinuousBatchScheduler(runner, { maxBatchSize: 2, prefillChunkSize: 1.5 })).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTIONS' }),
    );
    const scheduler = new ContinuousBatchScheduler(runner, { maxBatchSize: 2 });
    await expect(scheduler.run(task([], 1, [], 'empty'))).rejects.toMatchObject({ code: 'INVALID_OPTIONS' });
    await expect(scheduler.run(task([1], 1, [], 'neg', { maxNewTokens: -1 }))).rejects.toMatchObject({
      code: 'INVALID_OPTIONS',
    });
  });
});
