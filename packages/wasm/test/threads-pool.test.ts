import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { PocketLMError } from '@pocketlm/core';
import { afterEach, describe, expect, it } from 'vitest';
import { compileSharedKernels } from '../src/kernels/compile-kernels.js';
import { instantiateKernels } from '../src/kernels/instantiate-kernels.js';
import { WasmHeap } from '../src/memory/wasm-heap.js';
import { DISPATCH_BLOCK_BYTES } from '../src/threads/dispatch-block.js';
import { directExecutor, type KernelCall, rowShare } from '../src/threads/kernel-executor.js';
import { fromNodeWorker } from '../src/threads/kernel-worker-handle.js';
import { WorkerPool } from '../src/threads/worker-pool.js';
import { nodeKernelWorkers } from './threads-worker.js';

const pools: WorkerPool[] = [];

afterEach(async () => {
  for (const pool of pools.splice(0)) await pool.dispose();
});

/** A small shared memory that cannot grow (so a chunk can run off its end), the kernels, a pool of `threads`. */
async function smallPool(threads: number, started: Worker[] = [], mebibytes = 2) {
  const bytes = mebibytes * 2 ** 20;
  const module = await compileSharedKernels();
  const memory = WasmHeap.createMemory(bytes, bytes, true);
  const kernels = await instantiateKernels(module, memory);
  const heap = new WasmHeap(memory, kernels.heapBase(), bytes);
  const block = heap.alloc(DISPATCH_BLOCK_BYTES);
  const pool = await WorkerPool.start({
    kernels,
    module,
    memory,
    block,
    threads,
    createWorker: await nodeKernelWorkers(started),
  });
  pools.push(pool);
  return { pool, heap, kernels };
}

/** out [1, rows] = w [rows, cols] · x, with w filled so every row has a distinct sum. */
function product(heap: WasmHeap, rows: number, cols: number) {
  const w = heap.alloc(rows * cols * 4);
  const x = heap.alloc(cols * 4);
  const out = heap.alloc(rows * 4);
  heap.f32(w, rows * cols).forEach((_, i, a) => {
    a[i] = ((i * 7919) % 101) / 37 - 1;
  });
  heap.f32(x, cols).fill(0.5);
  const call: KernelCall = { kernel: 'matmulF32', args: [w, x, out, rows, cols, 1], rows };
  return { call, out: () => heap.f32(out, rows).slice() };
}

describe('rowShare', () => {
  it('covers every row exactly once, in multiples of the granule but the last', () => {
    for (const granule of [1, 4, 8]) {
      for (const rows of [1, 3, 4, 9, 64, 577, 49152]) {
        for (const parts of [1, 2, 3, 4, 7, 8]) {
          let next = 0;
          for (let part = 0; part < parts; part++) {
            const [start, end] = rowShare(rows, part, parts, granule);
            expect(start).toBe(next);
            expect(start % granule).toBe(0);
            if (end < rows) expect(end % granule).toBe(0);
            next = Math.max(next, end);
          }
          expect(next).toBe(rows);
        }
      }
    }
  });
});

describe('WorkerPool', () => {
  it('computes the bits the direct executor computes, whoever claims which chunk', async () => {
    const { pool, heap, kernels } = await smallPool(3);
    const { call, out } = product(heap, 93, 40);
    const second = product(heap, 301, 64);
    directExecutor(kernels).run([call, second.call]);
    const direct = [out(), second.out()];
    for (let round = 0; round < 20; round++) {
      heap.f32(call.args[2], 93).fill(Number.NaN);
      heap.f32(second.call.args[2], 301).fill(Number.NaN);
      pool.run([call, second.call]);
      expect(new Uint32Array(out().buffer)).toEqual(new Uint32Array(direct[0].buffer));
      expect(new Uint32Array(second.out().buffer)).toEqual(new Uint32Array(direct[1].buffer));
    }
  });

  it("turns a trap in a worker's chunk into BACKEND_ERROR, then keeps working", async () => {
    const { pool, heap } = await smallPool(2, [], 64);
    // Thread t reads its weights at w + t * 64 MiB (the scratch offset): this thread's stay inside the memory,
    // a worker's run off its end. Chunks go to whoever claims them, so retry until the worker took one.
    const rows = 2048;
    const cols = 1024;
    const { call: inBounds } = product(heap, rows, cols);
    const trapping: KernelCall = { ...inBounds, scratch: { arg: 0, stride: 64 * 2 ** 20 } };
    let error: unknown;
    for (let attempt = 0; attempt < 200 && error === undefined; attempt++) {
      try {
        pool.run([trapping]);
      } catch (caught) {
        error = caught;
      }
    }
    expect(PocketLMError.isInstance(error) && error.code).toBe('BACKEND_ERROR');
    expect((error as Error).message).toMatch(/thread 1 failed: RuntimeError: memory access out of bounds/);
    const { call, out: read } = product(heap, 16, 32);
    pool.run([call]);
    expect(read().every(Number.isFinite)).toBe(true);
  });

  it('fails calls with BACKEND_ERROR once a worker died, instead of waiting for it', async () => {
    const started: Worker[] = [];
    const { pool, heap } = await smallPool(2, started);
    const exited = once(started[0], 'exit');
    await started[0].terminate();
    await exited;
    const { call } = product(heap, 16, 32);
    expect(() => pool.run([call])).toThrow(expect.objectContaining({ code: 'BACKEND_ERROR' }));
  });

  it('refuses to start, terminating what it started, when a worker cannot load', async () => {
    const module = await compileSharedKernels();
    const memory = WasmHeap.createMemory(65536, 65536, true);
    const kernels = await instantiateKernels(module, memory);
    const workers: Worker[] = [];
    const start = WorkerPool.start({
      kernels,
      module,
      memory,
      block: kernels.heapBase(),
      threads: 2,
      createWorker: () => {
        const worker = new Worker(new URL('./no-such-worker.mjs', import.meta.url));
        workers.push(worker);
        return fromNodeWorker(worker);
      },
    });
    await expect(start).rejects.toMatchObject({ code: 'BACKEND_ERROR' });
    expect(workers.length).toBe(1);
  });
});
