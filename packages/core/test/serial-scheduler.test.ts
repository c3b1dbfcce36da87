import { describe, expect, it } from 'vitest';
import type { ForwardBatch, ForwardResult, ModelRunner } from '../src/backend/model-runner.js';
import { PocketLMError } from '../src/errors/pocketlm-error.js';
import { FullKVCache } from '../src/kv-cache/full-kv-cache.js';
import { parseModelConfig } from '../src/model/model-config.js';
import { SerialScheduler } from '../src/scheduler/serial-scheduler.js';

const layout = { numLayers: 1, numKVHeads: 1, headDim: 1 };

/**
 * A counting runner for scheduling behaviour only (order, chunking, abort): each forward appends real KV entries
 * and returns a logits row whose argmax is (last token + 1). Model numerics are tested against real backends.
 */
class CountingRunner implements ModelRunner {
  readonly config = parseModelConfig(
    JSON.stringify({
      vocab_size: 8,
      hidden_size: 1,
      intermediate_size: 1,
      num_hidden_layers: 1,
      num_attention_heads: 1,
      max_position_embeddings: 64,
    }),
  );
  readonly vocabSize = 8;
  readonly kvLayout = layout;
  readonly calls: number[][] = [];
  delayMs = 0;

  async forward(batch: ForwardBatch): Promise<ForwardResult> {
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
    if (batch.signal?.aborted) throw new PocketLMError('ABORTED', 'aborted');
    const logits = batch.sequences.map((s) => {
      const tokens = Array.from(s.tokens);
      this.calls.push(tokens);
      const kv = Float32Array.from(tokens);
      s.cache.append({ positions: s.positions, keys: [kv], values: [kv] });
      const row = new Float32Array(8);
      row[(tokens[tokens.length - 1] + 1) % 8] = 1;
      return row;
    });
    return { logits };
  }

  async dispose(): Promise<void> {}
}

function task(prompt: number[], steps: number, log: string[], name: string, extra: object = {}) {
  let left = steps;
  return {
    prompt,
    cache: new FullKVCache(layout),
    onStart: () => log.push(`${name}:start`),
    onLogits: (row: Float32Array) => {
      const next = row.indexOf(1);
      log.push(`${name}:${next}`);
      return --left > 0 ? { next } : ({ done: true } as const);
    },
    ...extra,
  };
}

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
