import type { ModelRunner } from '../backend/model-runner.js';
import { abortError, PocketLMError, throwIfAborted } from '../errors/pocketlm-error.js';
import { Speculation } from '../speculative/speculation.js';
import { dropFromPosition, verifyDrafts } from '../speculative/verify-drafts.js';
import { prefillChunkSize } from './plan-step.js';
import type { Scheduler, SequenceTask } from './scheduler.js';

interface Waiting {
  task: SequenceTask;
  order: number;
  start: () => void;
  fail: (e: unknown) => void;
}

export interface SerialSchedulerOptions {
  /** Prompt tokens per forward call during prefill; bounds working memory and gives abort a chance between chunks. */
  prefillChunkSize?: number;
}

/**
 * Runs one task at a time, highest priority first, FIFO within a priority. Prefill goes in chunks so an abort
 * lands quickly and memory for activations stays bounded. Continuous batching replaces this scheduler later
 * behind the same interface.
 */
export class SerialScheduler implements Scheduler {
  private readonly runner: ModelRunner;
  private readonly chunk: number;
  private readonly queue: Waiting[] = [];
  private running = false;
  private counter = 0;
  private disposed = false;

  constructor(runner: ModelRunner, options: SerialSchedulerOptions = {}) {
    this.runner = runner;
    this.chunk = options.prefillChunkSize ?? 256;
  }

  get pending(): number {
    return this.queue.length + (this.running ? 1 : 0);
  }

  async run(task: SequenceTask): Promise<void> {
    if (this.disposed) throw new PocketLMError('DISPOSED', 'The engine has been disposed.');
    throwIfAborted(task.signal);
    await this.acquire(task);
    try {
      await this.execute(task);
    } finally {
      this.running = false;
      this.next();
    }
  }

  dispose(): void {
    this.disposed = true;
    for (const w of this.queue.splice(0))
      w.fail(new PocketLMError('DISPOSED', 'The engine has been disposed.'));
  }

  private acquire(task: SequenceTask): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const waiting: Waiting = { task, order: this.counter++, start: resolve, fail: reject };
      const onAbort = () => {
        const i = this.queue.indexOf(waiting);
        if (i !== -1) {
          this.queue.splice(i, 1);
          reject(abortError(task.signal));
        }
      };
      task.signal?.addEventListener('abort', onAbort, { once: true });
      waiting.start = () => {
        task.signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      this.queue.push(waiting);
      this.queue.sort((a, b) => (b.task.priority ?? 0) - (a.task.priority ?? 0) || a.order - b.order);
      this.next();
    });
  }

  private next(): void {
    if (this.running) return;
    const w = this.queue.shift();
    if (!w) return;
    this.running = true;
    w.start();
  }

  private async execute(task: SequenceTask): Promise<void> {
    const { cache, signal } = task;
    task.onStart?.();
    let logits: Float32Array | undefined;
    for (let done = 0; done < task.prompt.length; ) {
      const tokens = task.prompt.slice(done, done + prefillChunkSize(cache, this.chunk));
      const start = cache.nextPosition;
      const positions = tokens.map((_, i) => start + i);
      const result = await this.runner.forward({
        sequences: [{ tokens, positions, cache, logits: 'last' }],
        signal,
      });
      logits = result.logits[0];
      done += tokens.length;
      task.onPrefillProgress?.(done, task.prompt.length);
    }
    if (!logits) throw new PocketLMError('INVALID_OPTIONS', 'A sequence needs at least one prompt token.');
    const speculation = task.speculation
      ? new Speculation(task.speculation, this.runner.vocabSize)
      : undefined;
    const onLogits = (row: Float32Array) => task.onLogits(row);
    const decide = speculation ? speculation.follow(onLogits) : onLogits;
    let decision = decide(logits);
    let fed = 0;
    // Like the batching scheduler, stop at maxNewTokens fed: the task's reservation, if any, ends there.
    while (!('done' in decision) && (task.maxNewTokens === undefined || fed < task.maxNewTokens)) {
      throwIfAborted(signal);
      const start = cache.nextPosition;
      const limits = {
        maxPositions: this.runner.config.maxPositionEmbeddings,
        maxNewTokens: task.maxNewTokens,
        fed,
      };
      const drafts = speculation ? await speculation.draft(cache, limits, signal) : [];
      const tokens = [decision.next, ...drafts];
      const result = await this.runner.forward({
        sequences: [
          {
            tokens,
            positions: tokens.map((_, i) => start + i),
            cache,
            logits: drafts.length > 0 ? 'all' : 'last',
          },
        ],
        signal,
      });
      try {
        throwIfAborted(signal);
        const verified = verifyDrafts(result.logits[0], this.runner.vocabSize, drafts, decide);
        fed += verified.kept;
        speculation?.afterVerify(verified, drafts.length, cache, start);
        decision = verified.decision;
      } catch (error) {
        // Unverified drafts leave the cache; it keeps the tokens fed before them.
        if (drafts.length > 0) dropFromPosition(cache, start + 1);
        throw error;
      }
    }
  }
}
