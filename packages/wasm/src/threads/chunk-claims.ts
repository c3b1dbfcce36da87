import type { KernelExports } from '../kernels/kernel-exports.js';
import { CLAIM, type DispatchBlock, DONE, MAIN_WAITING, TOTAL } from './dispatch-block.js';
import { type KernelCall, rowGranule, rowShare, runRows } from './kernel-executor.js';

/**
 * Chunks per thread and call: enough that a thread the OS schedules late finds little left to wait for,
 * few enough that claiming (one compare-and-swap) stays negligible next to a chunk.
 */
const CHUNKS_PER_THREAD = 4;
/** A claim index no generation reaches: the claim word is closed while the next calls are written. */
const CLOSED = 0xffff;

/** Chunks `call` is cut into for `parts` threads (whole row granules, at least one chunk). */
export function chunkCount(call: KernelCall, parts: number): number {
  return Math.max(1, Math.min(Math.ceil(call.rows / rowGranule(call.kernel)), parts * CHUNKS_PER_THREAD));
}

/** Chunks of a list of calls (below CLOSED: MAX_CALLS calls of at most 64 threads x 4 chunks). */
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
