import type { ForwardResult, ModelRunner } from '../backend/model-runner.js';
import { abortError, PocketLMError, throwIfAborted } from '../errors/pocketlm-error.js';
import { Speculation } from '../speculative/speculation.js';
import { dropFromPosition, verifyDrafts } from '../speculative/verify-drafts.js';
import type { ActiveSequence } from './active-sequence.js';
import { addDrafts } from './add-drafts.js';
import { type MemoryBudget, MemoryLedger } from './memory-budget.js';
import { planStep, type StepItem } from './plan-step.js';
import type { Scheduler, SequenceTask, StepDecision } from './scheduler.js';
import { WaitQueue } from './wait-queue.js';

/** Options of {@link ContinuousBatchScheduler}. */
export interface ContinuousBatchSchedulerOptions {
  /** Most sequences in one forward call: the backend's `capabilities.maxBatchSize`. */
  maxBatchSize: number;
  /**
   * Most sequences admitted at once, each holding its KV (default `maxBatchSize`). Above `maxBatchSize`, admitted
   * sequences take turns in the steps (priority, then round-robin).
   */
  maxActive?: number;
  /** Prompt tokens per step: the size of the one prefill chunk a step may carry (default 256). */
  prefillChunkSize?: number;
  /** Most tasks waiting for admission; beyond it `run` rejects at once with `QUEUE_FULL` (default 256). */
  maxQueued?: number;
  /** Admit a task only when its KV reservation fits; reject at once one that could never fit. */
  memoryBudget?: MemoryBudget;
}

interface Waiting {
  readonly task: SequenceTask;
  readonly priority: number;
  readonly order: number;
  readonly reservation: number;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
  readonly onAbort: () => void;
}

/**
 * Resolves after pending timers and I/O callbacks have run. Backends may compute on the calling thread
 * (onnxruntime-node does), so without this a request or an abort that arrived during a step would only be seen
 * after the following step had already been planned.
 */
const nextMacrotask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

const disposedError = () => new PocketLMError('DISPOSED', 'The engine has been disposed.');

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < 1) {
    throw new PocketLMError('INVALID_OPTIONS', `${name} must be an integer ≥ 1, got ${value}.`);
  }
  return v;
}

/**
 * Continuous batching: sequences join and leave between steps, and each step is one `runner.forward` that carries
 * the decode step of every running sequence plus at most one chunk of a prompt being prefilled, so a short
 * request that arrives during a long prefill gets its first token after one chunk, not after the whole prompt.
 *
 * Admission is by priority (higher first), FIFO within a priority, limited by `maxActive` and, when given, a memory
 * budget: each task reserves `(cache.length + prompt.length + maxNewTokens) × bytesPerToken` while it runs.
 * Admission is head-of-line: a large waiting task is not overtaken by smaller ones behind it, so it cannot starve.
 *
 * An aborted task leaves at the next step boundary (its cache holds what the steps before appended) and rejects
 * with `ABORTED`; the others carry on. A step's forward is aborted only when every sequence in it has aborted.
 */
export class ContinuousBatchScheduler implements Scheduler {
  private readonly runner: ModelRunner;
  private readonly maxBatchSize: number;
  private readonly maxActive: number;
  private readonly prefillChunkSize: number;
  private readonly maxQueued: number;
  private readonly ledger: MemoryLedger | undefined;
  private readonly waiting = new WaitQueue<Waiting>();
  private readonly active: ActiveSequence[] = [];
  private counter = 0;
  private steps = 0;
  private turns = 0;
  private looping = false;
  private disposed = false;
  private inFlight: AbortController | undefined;

  /** Throws `INVALID_OPTIONS` for bad limits, `MEMORY_BUDGET_EXCEEDED` for a budget below its reserved bytes. */
  constructor(runner: ModelRunner, options: ContinuousBatchSchedulerOptions) {
    this.runner = runner;
    this.maxBatchSize = positiveInteger('maxBatchSize', options.maxBatchSize, 1);
    this.maxActive = positiveInteger('maxActive', options.maxActive, this.maxBatchSize);
    this.prefillChunkSize = positiveInteger('prefillChunkSize', options.prefillChunkSize, 256);
    this.maxQueued = positiveInteger('maxQueued', options.maxQueued, 256);
    this.ledger = options.memoryBudget ? new MemoryLedger(options.memoryBudget) : undefined;
  }

  get pending(): number {
    return this.waiting.size + this.active.length;
  }

  /** Tasks admitted and running now. */
  get running(): number {
    return this.active.length;
  }

  /** KV bytes booked by running tasks (0 without a memory budget). */
  get reservedBytes(): number {
    return this.ledger?.reserved ?? 0;
  }

  async run(task: SequenceTask): Promise<void> {
    if (this.disposed) throw disposedError();
    throwIfAborted(task.signal);
    if (task.prompt.length === 0) {
      throw new PocketLMError('INVALID_OPTIONS', 'A sequence needs at least one prompt token.');
    }
    const { maxNewTokens } = task;
    if (maxNewTokens !== undefined && (!Number.isInteger(maxNewTokens) || maxNewTokens < 0)) {
      throw new PocketLMError('INVALID_OPTIONS', `maxNewTokens must be an integer ≥ 0, got ${maxNewTokens}.`);
    }
    let reservation = 0;
    if (this.ledger) {
      const held = task.cache.length + task.prompt.length;
      const tokens = held + (maxNewTokens ?? Math.max(0, this.runner.config.maxPositionEmbeddings - held));
      const cost = { ...task.kvCost, extraPerToken: task.speculation?.bytesPerToken };
      this.ledger.checkCouldFit(tokens, cost);
      reservation = this.ledger.bytesFor(tokens, cost);
    }
    if (this.waiting.size >= this.maxQueued) {
      throw new PocketLMError(
        'QUEUE_FULL',
        `${this.waiting.size} requests are already waiting, the most this scheduler queues; try again later.`,
        { details: { maxQueued: this.maxQueued, running: this.active.length } },
      );
    }
    return new Promise<void>((resolve, reject) => {
      const entry: Waiting = {
        task,
        priority: task.priority ?? 0,
        order: this.counter++,
        reservation,
        resolve,
        reject,
        onAbort: () => {
          if (this.waiting.remove(entry)) reject(abortError(task.signal));
        },
      };
      task.signal?.addEventListener('abort', entry.onAbort, { once: true });
      this.waiting.push(entry);
      this.wake();
    });
  }

  /** Rejects waiting tasks with `DISPOSED` now and running ones at the end of the current step. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const w of this.waiting.drain()) {
      w.task.signal?.removeEventListener('abort', w.onAbort);
      w.reject(disposedError());
    }
    this.inFlight?.abort();
  }

  /** Starts the step loop unless it runs; a microtask later, so tasks submitted together share the first step. */
  private wake(): void {
    if (this.looping) return;
    this.looping = true;
    queueMicrotask(() => {
      this.loop().catch((error: unknown) => {
        // Only a bug gets here (steps catch runner errors); fail what runs rather than leave promises hanging.
        for (const seq of [...this.active]) this.finish(seq, error);
      });
    });
  }

  private async loop(): Promise<void> {
    try {
      for (;;) {
        this.reap();
        this.admit();
        if (this.active.length === 0) return;
        await this.step();
        await nextMacrotask();
      }
    } finally {
      // Cleared synchronously with the last check, so a task submitted right after starts a new loop.
      this.looping = false;
    }
  }

  /** Sequences aborted (or disposed) since the last step leave now, between steps, with consistent caches. */
  private reap(): void {
    for (const seq of [...this.active]) {
      if (this.disposed) this.finish(seq, disposedError());
      else if (seq.task.signal?.aborted) this.finish(seq, abortError(seq.task.signal));
    }
  }

  private admit(): void {
    while (this.active.length < this.maxActive) {
      const head = this.waiting.peek();
      if (!head || (this.ledger && !this.ledger.fits(head.reservation))) return;
      this.waiting.shift();
      head.task.signal?.removeEventListener('abort', head.onAbort);
      this.ledger?.reserve(head.reservation);
      const seq: ActiveSequence = {
        task: head.task,
        order: head.order,
        priority: head.priority,
        reservation: head.reservation,
        prefilled: 0,
        pending: undefined,
        fed: 0,
        lastServed: -1,
        lastPrefill: -1,
        speculation: head.task.speculation
          ? new Speculation(head.task.speculation, this.runner.vocabSize)
          : undefined,
        settle: (error?: unknown) => (error === undefined ? head.resolve() : head.reject(error)),
      };
      this.active.push(seq);
      try {
        head.task.onStart?.();
      } catch (error) {
        this.finish(seq, error);
      }
    }
  }

  private async step(): Promise<void> {
    const planned = planStep(this.active, this.maxBatchSize, this.prefillChunkSize);
    const failed = await addDrafts(planned, this.runner.config.maxPositionEmbeddings);
    for (const { seq, error } of failed) this.finish(seq, error);
    const items = planned.filter((item) => this.active.includes(item.seq));
    if (items.length === 0) return;
    const step = ++this.steps;
    // Served sequences go to the back of the line in the order they were picked: round-robin when a batch is capped.
    for (const { seq } of items) seq.lastServed = ++this.turns;
    const controller = new AbortController();
    // The forward is cut short only when nobody in it still wants the result; otherwise an abort waits for the
    // step boundary so the other sequences' work is kept.
    const signals = items.map((item) => item.seq.task.signal);
    const onAbort = () => {
      if (signals.every((s) => s?.aborted)) controller.abort();
    };
    for (const s of signals) s?.addEventListener('abort', onAbort);
    this.inFlight = controller;
    let result: ForwardResult;
    const starts = items.map((item) => item.seq.task.cache.nextPosition);
    try {
      result = await this.runner.forward({
        sequences: items.map(({ seq, tokens, drafts }, i) => {
          const start = starts[i];
          return {
            tokens,
            positions: tokens.map((_, i) => start + i),
            cache: seq.task.cache,
            // Drafts are verified from the logits after every fed token.
            logits: drafts.length > 0 ? ('all' as const) : ('last' as const),
          };
        }),
        signal: controller.signal,
      });
    } catch (error) {
      // The runner appends nothing when a forward fails, so every cache is as it was before this step.
      for (const { seq } of items) {
        if (this.disposed) this.finish(seq, disposedError());
        else if (controller.signal.aborted) this.finish(seq, abortError(seq.task.signal));
        else this.finish(seq, error);
      }
      return;
    } finally {
      for (const s of signals) s?.removeEventListener('abort', onAbort);
      this.inFlight = undefined;
    }
    for (const [i, item] of items.entries()) this.advance(item, result.logits[i], step, starts[i]);
  }

  /** Hands a step's logits to its task and records what it feeds next. */
  private advance(item: StepItem, logits: Float32Array, step: number, start: number): void {
    const { seq } = item;
    const { task } = seq;
    if (this.disposed || task.signal?.aborted) {
      // Unverified drafts leave the cache; it keeps the tokens fed before them.
      if (item.drafts.length > 0) dropFromPosition(task.cache, start + 1);
      this.finish(seq, this.disposed ? disposedError() : abortError(task.signal));
      return;
    }
    try {
      const onLogits = (row: Float32Array) => task.onLogits(row);
      const decide = seq.speculation ? seq.speculation.follow(onLogits) : onLogits;
      let decision: StepDecision;
      if (item.kind === 'prefill') {
        seq.prefilled += item.tokens.length;
        seq.lastPrefill = step;
        task.onPrefillProgress?.(seq.prefilled, task.prompt.length);
        if (seq.prefilled < task.prompt.length) return;
        decision = decide(logits);
      } else {
        seq.pending = undefined;
        const vocab = this.runner.vocabSize;
        const verified = verifyDrafts(logits, vocab, item.drafts, decide);
        seq.fed += verified.kept;
        seq.speculation?.afterVerify(verified, item.drafts.length, task.cache, start);
        decision = verified.decision;
      }
      // The reservation covers maxNewTokens fed tokens; the task ends there rather than outgrow it.
      if ('done' in decision || (task.maxNewTokens !== undefined && seq.fed >= task.maxNewTokens)) {
        this.finish(seq);
        return;
      }
      const { next } = decision;
      // Checked here so one task's bad token fails that task, not the whole batch's forward.
      if (!Number.isInteger(next) || next < 0 || next >= this.runner.vocabSize) {
        throw new PocketLMError('INVALID_OPTIONS', `The next token ${next} is outside the vocabulary.`);
      }
      seq.pending = next;
    } catch (error) {
      if (item.drafts.length > 0) dropFromPosition(task.cache, start + 1);
      this.finish(seq, error);
    }
  }

  private finish(seq: ActiveSequence, error?: unknown): void {
    const i = this.active.indexOf(seq);
    if (i === -1) return;
    this.active.splice(i, 1);
    this.ledger?.release(seq.reservation);
    seq.settle(error);
  }
}
