import { describe, expect, it } from 'vitest';
import { SerialScheduler } from '../src/scheduler/serial-scheduler.js';
import { CountingRunner, countingTask as task } from './scheduler-counting-runner.js';

describe('SerialScheduler', () => {
  it('prefills in chunks, then decodes one token per forward at the next position', async () => {
    const runner = new CountingRunner();
    const scheduler = new SerialScheduler(runner, { prefillChunkSize: 2 });
    const log: string[] = [];
    const progress: number[] = [];
    const t = task([0, 1, 2, 3, 4], 3, log, 'a', { onPrefillProgress: (d: number) => progress.push(d) });
    await scheduler.run(t);
    expect(runner.calls).toEqual([[0, 1], [2, 3], [4], [5], [6]]);
    expect(progress).toEqual([2, 4, 5]);
    expect(log).toEqual(['a:start', 'a:5', 'a:6', 'a:7']);
    expect(Array.from(t.cache.positions())).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('runs one task at a time, higher priority first, FIFO otherwise', async () => {
    const runner = new CountingRunner();
    runner.delayMs = 5;
    const scheduler = new SerialScheduler(runner);
    const log: string[] = [];
    const runs = [
      scheduler.run(task([0], 2, log, 'first')),
      scheduler.run(task([0], 1, log, 'low')),
      scheduler.run(task([0], 1, log, 'high', { priority: 5 })),
      scheduler.run(task([0], 1, log, 'low2')),
    ];
    expect(scheduler.pending).toBe(4);
    await Promise.all(runs);
    expect(log.filter((l) => l.endsWith(':start'))).toEqual([
      'first:start',
      'high:start',
      'low:start',
      'low2:start',
    ]);
    expect(log.indexOf('first:2')).toBeLessThan(log.indexOf('high:start'));
    expect(scheduler.pending).toBe(0);
  });

  it('rejects a waiting task whose signal aborts, without running it', async () => {
    const runner = new CountingRunner();
    runner.delayMs = 10;
    const scheduler = new SerialScheduler(runner);
    const log: string[] = [];
    const controller = new AbortController();
    const first = scheduler.run(task([0], 3, log, 'a'));
    const second = scheduler.run(task([0], 3, log, 'b', { signal: controller.signal }));
    controller.abort();
    await expect(second).rejects.toMatchObject({ code: 'ABORTED' });
    await first;
    expect(log.some((l) => l.startsWith('b:'))).toBe(false);
  });

  it('stops a running task at the next step when aborted, keeping its cache consistent', async () => {
    const runner = new CountingRunner();
    const scheduler = new SerialScheduler(runner);
    const controller = new AbortController();
    const log: string[] = [];
    const t = task([0, 1], 100, log, 'a', { signal: controller.signal });
    const onLogits = t.onLogits;
    t.onLogits = (row) => {
      if (log.length === 4) controller.abort();
      return onLogits(row);
    };
    await expect(scheduler.run(t)).rejects.toMatchObject({ code: 'ABORTED' });
    expect(t.cache.length).toBe(t.cache.positions().length);
    expect(t.cache.length).toBeLessThan(10);
    // The scheduler is free for the next task.
    await scheduler.run(task([3], 1, log, 'next'));
  });

  it('rejects an already-aborted task and new tasks after dispose', async () => {
    const scheduler = new SerialScheduler(new CountingRunner());
    const log: string[] = [];
    await expect(
      scheduler.run(task([0], 1, log, 'a', { signal: AbortSignal.abort() })),
    ).rejects.toMatchObject({
      code: 'ABORTED',
    });
    scheduler.dispose();
    await expect(scheduler.run(task([0], 1, log, 'b'))).rejects.toMatchObject({ code: 'DISPOSED' });
  });
});
