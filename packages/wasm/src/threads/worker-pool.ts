import { PocketLMError } from '@pocketlm/core';
import type { KernelExports } from '../kernels/kernel-exports.js';
import { claimWord, closedClaim, runClaims, totalChunks } from './chunk-claims.js';
import {
  CLAIM,
  DispatchBlock,
  DONE,
  FAILED,
  GENERATION,
  MAIN_WAITING,
  MAX_CALLS,
  SLEEPERS,
  STOP,
  TOTAL,
} from './dispatch-block.js';
import type { KernelCall, KernelExecutor } from './kernel-executor.js';
import type { CreateKernelWorker, KernelWorker } from './kernel-worker-handle.js';
import type { WorkerInit, WorkerReply } from './worker-messages.js';

/** What a pool is started with. */
export interface WorkerPoolOptions {
  /** The kernels instantiated on this thread over `memory` (this thread, number 0, claims chunks too). */
  kernels: KernelExports;
  /** The shared-memory kernels module, instantiated again by every worker. */
  module: WebAssembly.Module;
  /** A shared memory. */
  memory: WebAssembly.Memory;
  /** Address of a DISPATCH_BLOCK_BYTES region of `memory` reserved for the pool. */
  block: number;
  /** Threads in all, this one included (at least 2). */
  threads: number;
  createWorker: CreateKernelWorker;
  /** How long the workers may take to start. Default 30 s. */
  startTimeoutMs?: number;
  /** How long a call may go without a worker finishing before the pool is declared dead. Default 120 s. */
  stallTimeoutMs?: number;
}

/** Polls of the done count before this thread sleeps (or, where it may not, keeps polling); short, see kernel-worker.ts. */
const SPIN_POLLS = 1 << 12;

function workerError(message: string, cause?: unknown): PocketLMError {
  return new PocketLMError('BACKEND_ERROR', `WASM kernel threads: ${message}`, { cause });
}

/**
 * N−1 workers sharing the kernels' memory. `run` writes the calls into the shared dispatch block, wakes the
 * workers (`Atomics.notify`, only if some sleep), claims and runs chunks like they do, then waits for the
 * chunks still running elsewhere: no message per call, so decode's hundreds of products per token cost
 * microseconds each to hand out, and a worker descheduled by a busy machine delays no one.
 */
export class WorkerPool implements KernelExecutor {
  private broken: PocketLMError | undefined;
  private disposed = false;
  /** Whether this thread may block in Atomics.wait (a browser's main thread may not). */
  private canBlock = true;

  private constructor(
    readonly threads: number,
    private readonly kernels: KernelExports,
    private readonly block: DispatchBlock,
    private readonly workers: KernelWorker[],
    private readonly stallTimeoutMs: number,
  ) {}

  /** Starts the workers and resolves once every one has instantiated the kernels; rejects if any cannot. */
  static async start(options: WorkerPoolOptions): Promise<WorkerPool> {
    const { threads, memory, createWorker } = options;
    const block = new DispatchBlock(memory.buffer, options.block);
    block.words.fill(0);
    const workers: KernelWorker[] = [];
    let pool: WorkerPool | undefined;
    try {
      const ready = Array.from({ length: threads - 1 }, (_, i) => {
        const worker = createWorker();
        workers.push(worker);
        return new Promise<void>((resolve, reject) => {
          worker.listen(
            (data) => {
              const reply = data as WorkerReply;
              if (reply.type === 'ready') resolve();
              else reject(workerError(`worker ${i + 1} could not instantiate the kernels: ${reply.message}`));
            },
            (error) => {
              const failure = workerError(`worker ${i + 1} failed: ${String(error)}`, error);
              reject(failure);
              // After startup the pool is mid-flight: a dead worker fails every later call instead of hanging it.
              pool?.markBroken(failure);
            },
          );
          const init: WorkerInit = {
            type: 'init',
            module: options.module,
            memory,
            block: options.block,
            part: i + 1,
            parts: threads,
          };
          worker.postMessage(init);
        });
      });
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(workerError(`the workers did not start within ${options.startTimeoutMs ?? 30_000} ms`)),
          options.startTimeoutMs ?? 30_000,
        );
      });
      try {
        await Promise.race([Promise.all(ready), timeout]);
      } finally {
        clearTimeout(timer);
      }
      pool = new WorkerPool(threads, options.kernels, block, workers, options.stallTimeoutMs ?? 120_000);
      return pool;
    } catch (error) {
      for (const worker of workers) worker.terminate();
      throw error;
    }
  }

  private markBroken(error: PocketLMError): void {
    if (!this.disposed) this.broken ??= error;
  }

  run(calls: readonly KernelCall[]): void {
    if (this.broken) throw this.broken;
    if (this.disposed) throw new PocketLMError('DISPOSED', 'The WASM kernel threads have been stopped.');
    for (let i = 0; i < calls.length; i += MAX_CALLS) this.runGeneration(calls.slice(i, i + MAX_CALLS));
  }

  private runGeneration(calls: readonly KernelCall[]): void {
    const words = this.block.words;
    const generation = (Atomics.load(words, GENERATION) + 1) | 0;
    // Close claims first: a late worker still holding the last generation's claim word must not take a chunk
    // of calls being rewritten.
    Atomics.store(words, CLAIM, closedClaim(generation));
    this.block.writeCalls(calls);
    Atomics.store(words, TOTAL, totalChunks(calls, this.threads));
    Atomics.store(words, DONE, 0);
    Atomics.store(words, CLAIM, claimWord(generation, 0));
    // The seq-cst stores publish the plain writes above to any worker that then reads the new generation.
    Atomics.store(words, GENERATION, generation);
    if (Atomics.load(words, SLEEPERS) > 0) Atomics.notify(words, GENERATION);
    runClaims(this.block, this.kernels, generation, 0, this.threads, calls);
    // The workers may still be writing their last chunks into shared buffers: wait for them.
    this.awaitChunks();
    const failed = Atomics.load(words, FAILED);
    if (failed) {
      const message = this.block.failureMessage();
      Atomics.store(words, FAILED, 0);
      // FAILED holds 1 + the thread's number; 0 is this thread, workers are 1..N-1.
      const thread = failed - 1;
      throw new PocketLMError('BACKEND_ERROR', `WASM kernel thread ${thread} failed: ${message}`, {
        details: { thread, kernels: calls.map((c) => c.kernel) },
      });
    }
  }

  private awaitChunks(): void {
    const words = this.block.words;
    const total = Atomics.load(words, TOTAL);
    let done = Atomics.load(words, DONE);
    for (let i = 0; done !== total && i < SPIN_POLLS; i++) done = Atomics.load(words, DONE);
    let last = done;
    let progressAt = performance.now();
    while (done !== total) {
      if (this.canBlock) {
        Atomics.store(words, MAIN_WAITING, 1);
        try {
          Atomics.wait(words, DONE, done, 5);
        } catch {
          this.canBlock = false;
        }
        Atomics.store(words, MAIN_WAITING, 0);
      } else {
        for (let i = 0; done !== total && i < SPIN_POLLS; i++) done = Atomics.load(words, DONE);
      }
      done = Atomics.load(words, DONE);
      const now = performance.now();
      if (done !== last) {
        last = done;
        progressAt = now;
      } else if (now - progressAt > this.stallTimeoutMs) {
        const error = workerError(
          `a worker did not finish its chunk within ${this.stallTimeoutMs} ms; it may have died`,
        );
        this.broken = error;
        throw error;
      }
    }
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    const words = this.block.words;
    Atomics.store(words, STOP, 1);
    Atomics.add(words, GENERATION, 1);
    Atomics.notify(words, GENERATION);
    for (const worker of this.workers) worker.terminate();
  }
}
