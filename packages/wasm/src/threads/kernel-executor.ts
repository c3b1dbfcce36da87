import type { KernelExports } from '../kernels/kernel-exports.js';

/** The kernels whose last two arguments are a row (or head) range, so one call can be split across threads. */
export const SPLIT_KERNELS = ['matmulF32', 'matmulQ8', 'matmulQ4', 'attention'] as const;

/** One of {@link SPLIT_KERNELS}. */
export type SplitKernel = (typeof SPLIT_KERNELS)[number];

/**
 * One heavy kernel call: `kernel(...args, rowStart, rowEnd)` over rows `[0, rows)`. A thread that needs its own
 * working buffer (attention's scores) gets `args[scratch.arg] + thread * scratch.stride` for that argument.
 */
export interface KernelCall {
  readonly kernel: SplitKernel;
  readonly args: readonly number[];
  readonly rows: number;
  readonly scratch?: { readonly arg: number; readonly stride: number };
}

/**
 * Runs heavy kernel calls: directly on the calling thread, or split by rows across a worker pool sharing the
 * memory. `run` returns once every call of the list has finished on every thread; calls in one list must not
 * depend on each other (they run concurrently).
 */
export interface KernelExecutor {
  /** Threads the calls are split across (1 = the calling thread alone). */
  readonly threads: number;
  run(calls: readonly KernelCall[]): void;
  /** Stops the workers, if any. */
  dispose(): Promise<void>;
}

/**
 * Rows are handed out in multiples of this, the widest row tile, so no thread runs a ragged tile early: 8 for
 * quantized products (a whole row group, assembly/weight-layout.ts), 4 for f32 products, 1 for attention (heads
 * are independent and few: 9 split 4/4/1 would idle a thread).
 */
export function rowGranule(kernel: SplitKernel): number {
  if (kernel === 'attention') return 1;
  return kernel === 'matmulF32' ? 4 : 8;
}

/**
 * Rows of part `part` of `parts`: contiguous, in multiples of `granule`, covering `[0, rows)` exactly once.
 * Every kernel reduces each output row in the same order whatever range computes it, so any split gives the
 * same bits as one thread.
 */
export function rowShare(rows: number, part: number, parts: number, granule = 4): [number, number] {
  const granules = Math.ceil(rows / granule);
  const start = Math.min(rows, Math.floor((granules * part) / parts) * granule);
  const end = Math.min(rows, Math.floor((granules * (part + 1)) / parts) * granule);
  return [start, end];
}

/** Runs rows `[start, end)` of `call` on `kernels`, as thread `thread` (which picks its scratch). */
export function runRows(
  kernels: KernelExports,
  call: KernelCall,
  start: number,
  end: number,
  thread: number,
): void {
  if (start >= end) return;
  const args = call.args.slice();
  if (call.scratch) args[call.scratch.arg] += thread * call.scratch.stride;
  (kernels[call.kernel] as (...a: number[]) => void)(...args, start, end);
}

/** The one-thread executor: every call runs whole, here. */
export function directExecutor(kernels: KernelExports): KernelExecutor {
  return {
    threads: 1,
    run(calls) {
      for (const call of calls) runRows(kernels, call, 0, call.rows, 0);
    },
    dispose: async () => {},
  };
}
