import { describe, expect, it } from 'vitest';
import { PocketLMError } from '../src/errors/pocketlm-error.js';
import { ContinuousBatchScheduler } from '../src/scheduler/continuous-batch-scheduler.js';
import type { Scheduler } from '../src/scheduler/scheduler.js';
import { SerialScheduler } from '../src/scheduler/serial-scheduler.js';
import type { Drafter } from '../src/speculative/drafter.js';
import { PromptLookupDrafter } from '../src/speculative/prompt-lookup-drafter.js';
import type { SpeculationStats } from '../src/speculative/speculation.js';
import {
  cycleNext,
  greedyTask,
  hashNext,
  heldTokens,
  type NextToken,
  ScriptedRunner,
} from './speculative-runner.js';

const schedulers: Array<[string, (runner: ScriptedRunner) => Scheduler]> = [
  ['continuous', (r) => new ContinuousBatchScheduler(r, { maxBatchSize: 4 })],
  ['serial', (r) => new SerialScheduler(r)],
];

/** A drafter that knows the model: proposes its true continuation, or a wrong one when `wrong` is set. */
function oracle(next: NextToken, wrong = false): Drafter {
  return {
    propose(history, max) {
      const seq = [...history];
      const out: number[] = [];
      while (out.length < max) {
        const t = wrong ? (next(seq) + 1) % 64 : next(seq);
        out.push(t);
        seq.push(next(seq));
      }
      return out;
    },
  };
}

async function generate(
  make: (r: ScriptedRunner) => Scheduler,
  next: NextToken,
  prompt: number[],
  steps: number,
  drafter?: Drafter,
) {
  const runner = new ScriptedRunner(next);
  const scheduler = make(runner);
  const out: number[] = [];
  const stats: SpeculationStats = { rounds: 0, drafted: 0, accepted: 0 };
  const task = greedyTask(prompt, steps, out, {
    speculation: drafter && { drafter, context: prompt, stats },
  });
  await scheduler.run(task);
  return { out, runner, cache: task.cache, stats };
}

describe.each(schedulers)('speculative decoding with the %s scheduler', (_name, make) => {
  const prompt = [3, 4, 5, 6, 7];

  it('gives the tokens of plain decoding in fewer forwards when drafts are right', async () => {
    const plain = await generate(make, cycleNext(), prompt, 40);
    const spec = await generate(make, cycleNext(), prompt, 40, new PromptLookupDrafter());
    expect(spec.out).toEqual(plain.out);
    expect(spec.runner.calls.length).toBeLessThan(plain.runner.calls.length / 2);
    expect(spec.stats.accepted).toBeGreaterThan(0);
    // The cache holds the prompt and every fed token, no leftover drafts.
    expect(heldTokens(spec.cache)).toEqual([...prompt, ...spec.out.slice(0, -1)]);
    expect(Array.from(spec.cache.positions())).toEqual(heldTokens(spec.cache).map((_, i) => i));
  });

  it('gives the tokens of plain decoding when every draft is wrong, and backs off drafting', async () => {
    const plain = await generate(make, hashNext, prompt, 60);
    const spec = await generate(make, hashNext, prompt, 60, oracle(hashNext, true));
    expect(spec.out).toEqual(plain.out);
    expect(spec.stats.accepted).toBe(0);
    // After misses it drafts only now and then: most steps are plain one-token decodes.
    expect(spec.stats.rounds).toBeLessThan(12);
    expect(heldTokens(spec.cache)).toEqual([...prompt, ...spec.out.slice(0, -1)]);
  });

  it('accepts everything from a perfect drafter and grows the draft length', async () => {
    const plain = await generate(make, hashNext, prompt, 50);
    const spec = await generate(make, hashNext, prompt, 50, oracle(hashNext));
    expect(spec.out).toEqual(plain.out);
    expect(spec.stats.accepted).toBe(spec.stats.drafted);
    expect(spec.runner.calls.length).toBeLessThanOrEqual(Math.ceil(50 / 6) + 2);
  });

  it('ignores junk drafts and never feeds past maxNewTokens', async () => {
    const junk: Drafter = { propose: (_h, max) => [1, -3, 2.5, 999].slice(0, max) };
    const runner = new ScriptedRunner(cycleNext());
    const out: number[] = [];
    const task = greedyTask(prompt, 100, out, {
      maxNewTokens: 7,
      speculation: { drafter: oracle(cycleNext()), context: prompt },
    });
    await make(runner).run(task);
    expect(task.cache.length).toBeLessThanOrEqual(prompt.length + 7);
    const junkRun = await generate(make, cycleNext(), prompt, 20, junk);
    const plain = await generate(make, cycleNext(), prompt, 20);
    expect(junkRun.out).toEqual(plain.out);
  });

  it('fails the task with the error a drafter throws', async () => {
    const broken: Drafter = {
      propose: () => {
        throw new Error('draft model crashed');
      },
    };
    await expect(generate(make, cycleNext(), prompt, 10, broken)).rejects.toThrow('draft model crashed');
  });

  it('drops unverified drafts when aborted during a verify step', async () => {
    const runner = new ScriptedRunner(cycleNext());
    const controller = new AbortController();
    const out: number[] = [];
    const task = greedyTask(prompt, 100, out, {
      signal: controller.signal,
      speculation: { drafter: oracle(cycleNext()), context: prompt },
    });
    runner.onForward = (batch) => {
      if (batch.sequences[0].tokens.length > 1 && out.length > 3) controller.abort();
    };
    const error = await make(runner)
      .run(task)
      .catch((e: unknown) => e);
    expect(PocketLMError.isInstance(error, 'ABORTED')).toBe(true);
    const held = heldTokens(task.cache);
    expect(held).toEqual([...prompt, ...out.slice(0, held.length - prompt.length)]);
    expect(Array.from(task.cache.positions())).toEqual(held.map((_, i) => i));
  });
});

describe('speculative decoding in a batch', () => {
  it('runs speculating and plain sequences in one step with each getting its own tokens', async () => {
    const runner = new ScriptedRunner(cycleNext());
    const scheduler = new ContinuousBatchScheduler(runner, { maxBatchSize: 4 });
    const a: number[] = [];
    const b: number[] = [];
    const pa = [1, 2, 3];
    const pb = [5, 6];
    await Promise.all([
      scheduler.run(
        greedyTask(pa, 30, a, { speculation: { drafter: new PromptLookupDrafter(), context: pa } }),
      ),
      scheduler.run(greedyTask(pb, 30, b)),
    ]);
    const plainA = await generate((r) => new SerialScheduler(r), cycleNext(), pa, 30);
    const plainB = await generate((r) => new SerialScheduler(r), cycleNext(), pb, 30);
    expect(a).toEqual(plainA.out);
    expect(b).toEqual(plainB.out);
    expect(runner.calls.some((call) => call.length === 2 && call[0] !== call[1])).toBe(true);
  });
});

describe('speculative decoding under a memory budget', () => {
  it("books the draft model's KV with the task and refuses a task that only fits without it", async () => {
    const runner = new ScriptedRunner(cycleNext());
    const scheduler = new ContinuousBatchScheduler(runner, {
      maxBatchSize: 2,
      memoryBudget: { bytes: 100, bytesPerToken: 4 },
    });
    const prompt = [1, 2, 3, 4, 5];
    const drafter = new PromptLookupDrafter();
    let reserved = 0;
    runner.onForward = () => {
      reserved = scheduler.reservedBytes;
    };
    const out: number[] = [];
    await scheduler.run(
      greedyTask(prompt, 5, out, {
        maxNewTokens: 5,
        speculation: { drafter, context: prompt, bytesPerToken: 3 },
      }),
    );
    expect(reserved).toBe(10 * (4 + 3));
    const tooBig = greedyTask(prompt, 5, [], {
      maxNewTokens: 15,
      speculation: { drafter, context: prompt, bytesPerToken: 3 },
    });
    // 20 tokens × 4 bytes fit in 100; × 7 do not.
    await expect(scheduler.run(tooBig)).rejects.toMatchObject({ code: 'MEMORY_BUDGET_EXCEEDED' });
  });
});
