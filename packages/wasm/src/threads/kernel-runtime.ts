import { compileKernels, compileSharedKernels } from '../kernels/compile-kernels.js';
import { instantiateKernels } from '../kernels/instantiate-kernels.js';
import type { KernelExports } from '../kernels/kernel-exports.js';
import { WasmHeap } from '../memory/wasm-heap.js';
import { DISPATCH_BLOCK_BYTES } from './dispatch-block.js';
import { directExecutor, type KernelExecutor } from './kernel-executor.js';
import type { ThreadPlan } from './thread-plan.js';
import { WorkerPool } from './worker-pool.js';

/** The executor a load ends up with, how many threads it runs on and why. */
export interface ThreadsOutcome {
  readonly executor: KernelExecutor;
  readonly threads: number;
  readonly reason: string;
}

/** The kernels' memory, this thread's instance, its allocator, and the executor being started. */
export interface KernelRuntime {
  readonly memory: WebAssembly.Memory;
  readonly kernels: KernelExports;
  readonly heap: WasmHeap;
  /**
   * Settles once the workers are up (they start while the weights load). Never rejects: workers that cannot
   * start leave one thread, with the reason.
   */
  readonly threads: Promise<ThreadsOutcome>;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

async function singleThread(initialBytes: number, maxBytes: number, reason: string): Promise<KernelRuntime> {
  const memory = WasmHeap.createMemory(initialBytes, maxBytes);
  const kernels = await instantiateKernels(await compileKernels(), memory);
  const heap = new WasmHeap(memory, kernels.heapBase(), maxBytes);
  return {
    memory,
    kernels,
    heap,
    threads: Promise.resolve({ executor: directExecutor(kernels), threads: 1, reason }),
  };
}

/**
 * Creates the kernels' memory for a load. With more than one planned thread it is a shared memory running the
 * shared-memory kernels, and a worker pool starts on it; otherwise (or if a shared memory cannot be made) it is
 * a plain memory with the single-thread kernels, which every page can run.
 */
export async function createKernelRuntime(
  plan: ThreadPlan,
  initialBytes: number,
  maxBytes: number,
): Promise<KernelRuntime> {
  if (plan.threads <= 1 || !plan.createWorker) return singleThread(initialBytes, maxBytes, plan.reason);
  let memory: WebAssembly.Memory;
  let module: WebAssembly.Module;
  try {
    module = await compileSharedKernels();
    memory = WasmHeap.createMemory(initialBytes + DISPATCH_BLOCK_BYTES, maxBytes, true);
  } catch (error) {
    return singleThread(
      initialBytes,
      maxBytes,
      `A shared WebAssembly memory is unavailable (${message(error)}); running on one thread.`,
    );
  }
  const kernels = await instantiateKernels(module, memory);
  const heap = new WasmHeap(memory, kernels.heapBase(), maxBytes);
  const block = heap.alloc(DISPATCH_BLOCK_BYTES);
  const threads = WorkerPool.start({
    kernels,
    module,
    memory,
    block,
    threads: plan.threads,
    createWorker: plan.createWorker,
  }).then(
    (pool): ThreadsOutcome => ({ executor: pool, threads: plan.threads, reason: plan.reason }),
    (error: unknown): ThreadsOutcome => {
      heap.release(block);
      return {
        executor: directExecutor(kernels),
        threads: 1,
        reason: `The kernel workers could not start (${message(error)}); running on one thread.`,
      };
    },
  );
  return { memory, kernels, heap, threads };
}
