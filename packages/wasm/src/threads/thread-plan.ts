import { PocketLMError } from '@pocketlm/core';
import type { CreateKernelWorker } from './kernel-worker-handle.js';
import type { ThreadEnvironment } from './thread-environment.js';

/** `threads: 'auto'` uses every core up to this: decode is memory-bound, and more threads stop paying. */
export const AUTO_THREADS_CAP = 4;
/** Most threads one runner may ask for. */
export const MAX_THREADS = 64;

/** How many threads a load should try, why, and how to start the workers. */
export interface ThreadPlan {
  readonly threads: number;
  readonly reason: string;
  readonly createWorker: CreateKernelWorker | undefined;
}

/** Checks the `threads` option: a whole number from 1 to MAX_THREADS, or 'auto'. */
export function checkThreadsOption(threads: unknown): number | 'auto' {
  if (threads === undefined || threads === 'auto') return 'auto';
  if (typeof threads === 'number' && Number.isInteger(threads) && threads >= 1 && threads <= MAX_THREADS) {
    return threads;
  }
  throw new PocketLMError(
    'INVALID_OPTIONS',
    `wasmBackend: threads must be 'auto' or a whole number from 1 to ${MAX_THREADS}, got ${String(threads)}.`,
    { details: { threads } },
  );
}

/** Decides the thread count from the option and what the environment offers; one thread says why. */
export function planThreads(
  requested: number | 'auto',
  environment: ThreadEnvironment,
  createWorker: CreateKernelWorker | undefined = environment.createWorker,
): ThreadPlan {
  const one = (reason: string): ThreadPlan => ({ threads: 1, reason, createWorker: undefined });
  if (requested === 1) return one('threads: 1 was asked for.');
  const cores = Math.max(1, Math.floor(environment.hardwareConcurrency));
  if (requested === 'auto' && cores === 1) return one('threads: auto, and this machine reports one core.');
  if (environment.sharedMemoryUnavailable)
    return one(`${environment.sharedMemoryUnavailable}; running on one thread.`);
  if (!createWorker)
    return one('This environment has no workers (pass createWorker to start them); running on one thread.');
  if (requested === 'auto') {
    const threads = Math.min(cores, AUTO_THREADS_CAP);
    return { threads, reason: `threads: auto (${cores} cores, at most ${AUTO_THREADS_CAP}).`, createWorker };
  }
  return { threads: requested, reason: `threads: ${requested} was asked for.`, createWorker };
}
