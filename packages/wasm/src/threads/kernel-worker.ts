// The worker script (its own tsup entry, dist/kernel-worker.js): instantiates the shared-memory kernels over the
// pool's memory, then loops: wait for a new generation in the dispatch block, then claim and run chunks of its
// calls until none is left. The same file runs as a Web Worker and as a Node `worker_threads` worker.
import type { KernelExports } from '../kernels/kernel-exports.js';
import { runClaims } from './chunk-claims.js';
import { DispatchBlock, GENERATION, SLEEPERS, STOP } from './dispatch-block.js';
import type { WorkerInit, WorkerReply } from './worker-messages.js';

/** The port to the thread that started us: a Web Worker's global scope, or Node's `parentPort`. */
interface Port {
  postMessage(message: WorkerReply): void;
  addEventListener(
    type: 'message',
    listener: (event: { data: unknown }) => void,
    options?: { once: boolean },
  ): void;
}

function parentPort(): Port {
  // Node's parentPort is an EventTarget like a worker scope; getBuiltinModule needs no import a bundler would see.
  const nodeProcess = (globalThis as { process?: { getBuiltinModule?(id: string): unknown } }).process;
  const workerThreads = nodeProcess?.getBuiltinModule?.('node:worker_threads') as
    | { parentPort?: Port }
    | undefined;
  return workerThreads?.parentPort ?? (globalThis as unknown as Port);
}

/**
 * Polls before sleeping: decode hands out calls microseconds apart, and a futex wake costs tens of
 * microseconds. Kept short because on an oversubscribed machine a spinning thread steals the time slice the
 * thread it waits for needs (measured: long spins made 2 threads slower than 1 under load).
 */
const SPIN_POLLS = 1 << 12;

function serve(
  kernels: KernelExports,
  block: DispatchBlock,
  part: number,
  parts: number,
  seen: number,
): void {
  const words = block.words;
  for (;;) {
    let generation = Atomics.load(words, GENERATION);
    for (let i = 0; generation === seen && i < SPIN_POLLS; i++) generation = Atomics.load(words, GENERATION);
    if (generation === seen) {
      Atomics.add(words, SLEEPERS, 1);
      Atomics.wait(words, GENERATION, seen);
      Atomics.sub(words, SLEEPERS, 1);
      continue;
    }
    seen = generation;
    if (Atomics.load(words, STOP)) return;
    runClaims(block, kernels, generation, part, parts);
  }
}

const port = parentPort();
port.addEventListener(
  'message',
  (event) => {
    const init = event.data as WorkerInit;
    WebAssembly.instantiate(init.module, { env: { memory: init.memory } }).then(
      (instance) => {
        const block = new DispatchBlock(init.memory.buffer, init.block);
        // Read before saying ready: the pool may publish its first calls as soon as it hears from us.
        const seen = Atomics.load(block.words, GENERATION);
        port.postMessage({ type: 'ready' });
        serve(instance.exports as unknown as KernelExports, block, init.part, init.parts, seen);
      },
      (error: unknown) => port.postMessage({ type: 'failed', message: String(error) }),
    );
  },
  { once: true },
);
