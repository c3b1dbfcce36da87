import type { KernelExports } from '../kernels/kernel-exports.js';
import { CLAIM, type DispatchBlock, DONE, MAIN_WAITING, TOTAL } from './dispatch-block.js';
import { type KernelCall, rowGranule, rowShare, runRows } from './kernel-executor.js';

/** At least this many chunks per thread and call, so a thread scheduled late finds little left to wait for. */
const CHUNKS_PER_THREAD = 4;
/**
 * Multiply-adds per chunk beyond that minimum (tens of microseconds): a thread the OS preempts mid-chunk stalls
 * the others until that chunk ends, so big prefill products are cut finer than 4 chunks per thread.
 */
const CHUNK_WORK = 1 << 18;
/** Most chunks of one call, so a generation's MAX_CALLS (16) calls stay below CLOSED. */
const MAX_CHUNKS_PER_CALL = 4000;
/** A claim index no generation reaches: the claim word is closed while the next calls are written. */
const CLOSED = 0xffff;

/** Multiply-adds per row (or head) of a call, from its arguments (in KernelExports' order). */
function rowWork(call: KernelCall): number {
  const a = call.args;
  switch (call.kernel) {
    case 'matmulF32':
      return a[4] * a[5];
    case 'matmulQ8':
    case 'matmulQ4':
      return a[6] * 32 * a[7];
    case 'attention':
      // n new tokens over past + n keys: a score and a weighted value per key and dimension.
      return a[4] * (a[9] + a[4]) * a[7] * 2;
  }
}

/** Chunks `call` is cut into for `parts` threads (whole row granules, at least one chunk). */
export function chunkCount(call: KernelCall, parts: number): number {
  const byWork = Math.ceil((call.rows * rowWork(call)) / CHUNK_WORK);
  const wanted = Math.min(Math.max(parts * CHUNKS_PER_THREAD, byWork), MAX_CHUNKS_PER_CALL);
  return Math.max(1, Math.min(Math.ceil(call.rows / rowGranule(call.kernel)), wanted));
}

/** Chunks of a list of calls (below CLOSED: at most MAX_CALLS × MAX_CHUNKS_PER_CALL). */
export function totalChunks(calls: readonly KernelCall[], parts: number): number {
  return calls.reduce((sum, call) => sum + chunkCount(call, parts), 0);
}

/** The claim word of `generation` with `next` chunks already claimed. */
export const claimWord = (generation: number, next: number): number => ((generation & 0xffff) << 16) | next;

/** The claim word that refuses every claim (written before the next generation's calls). */
export const closedClaim = (generation: number): number => claimWord(generation, CLOSED);

function runChunk(
  kernels: KernelExports,
  calls: readonly KernelCall[],
  chunk: number,
  thread: number,
  parts: number,
) {
  let index = chunk;
  for (const call of calls) {
    const count = chunkCount(call, parts);
    if (index < count) {
      const [start, end] = rowShare(call.rows, index, count, rowGranule(call.kernel));
      runRows(kernels, call, start, end, thread);
      return;
    }
    index -= count;
  }
}

/**
 * Claims chunks of `generation` one at a time and runs them, until none is left. A successful claim pins the
 * generation (the main thread waits for every claimed chunk before writing the next calls), so the calls are
 * read from the block only after the first one. Errors are recorded in the block, not thrown: every claimed
 * chunk must still count as done.
 */
export function runClaims(
  block: DispatchBlock,
  kernels: KernelExports,
  generation: number,
  thread: number,
  parts: number,
  known?: readonly KernelCall[],
): void {
  const words = block.words;
  let calls = known;
  for (;;) {
    const claim = Atomics.load(words, CLAIM);
    if (claim >>> 16 !== (generation & 0xffff)) return;
    const chunk = claim & 0xffff;
    if (chunk >= Atomics.load(words, TOTAL)) return;
    if (Atomics.compareExchange(words, CLAIM, claim, claim + 1) !== claim) continue;
    try {
      calls ??= block.readCalls();
      runChunk(kernels, calls, chunk, thread, parts);
    } catch (error) {
      block.recordFailure(thread, error instanceof Error ? `${error.name}: ${error.message}` : String(error));
    }
    Atomics.add(words, DONE, 1);
    if (Atomics.load(words, MAIN_WAITING)) Atomics.notify(words, DONE);
  }
}
