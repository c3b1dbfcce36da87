import { type KernelCall, SPLIT_KERNELS, type SplitKernel } from './kernel-executor.js';

// The control block through which the main thread hands kernel calls to the workers, in the shared memory
// itself: posting a message per call would cost more than a decode-sized product. Each call is cut into row
// chunks that every thread, the main one included, claims one at a time: a worker the OS has not scheduled yet
// leaves its chunks to the others instead of making them wait (the machine may be busier than its core count).
// Layout (bytes):
//   0  i32 generation   bumped (then notified, if anyone sleeps) once the calls are written; workers wait on it
//   4  i32 claim        (generation & 0xffff) << 16 | next unclaimed chunk; claimed by compare-and-swap
//   8  i32 stop         set before waking the workers for good
//  12  i32 failed       1 + the first thread whose chunk threw, 0 if none
//  16  i32 calls        how many call slots the generation holds
//  20  i32 messageBytes UTF-8 length of that thread's error message
//  24  i32 total        chunks of the generation
//  28  i32 done         chunks finished
//  32  i32 sleepers     workers blocked in Atomics.wait (the main thread notifies only if some are)
//  36  i32 mainWaiting  the main thread sleeps on `done` (workers notify it only then)
//  64  call slots, CALL_SLOT_BYTES each: i32 kernel, rows, scratch arg (-1: none), scratch stride, argc,
//      then f64 args (f64 holds every i32 address and f32 scalar exactly)
//  then the error message, MESSAGE_BYTES.

export const GENERATION = 0;
export const CLAIM = 1;
export const STOP = 2;
export const FAILED = 3;
export const CALLS = 4;
export const MESSAGE_LENGTH = 5;
export const TOTAL = 6;
export const DONE = 7;
export const SLEEPERS = 8;
export const MAIN_WAITING = 9;

const SLOTS_AT = 64;
const CALL_SLOT_BYTES = 128;
const SLOT_HEADER_BYTES = 24;
const MAX_ARGS = (CALL_SLOT_BYTES - SLOT_HEADER_BYTES) / 8;
/** Calls one generation holds; longer lists are run in several generations. */
export const MAX_CALLS = 16;
const MESSAGE_AT = SLOTS_AT + MAX_CALLS * CALL_SLOT_BYTES;
const MESSAGE_BYTES = 512;
/** Bytes of linear memory the control block takes. */
export const DISPATCH_BLOCK_BYTES = MESSAGE_AT + MESSAGE_BYTES;

/** Views of one control block at `at` in a shared memory. */
export class DispatchBlock {
  readonly words: Int32Array;
  private readonly doubles: Float64Array;
  private readonly bytes: Uint8Array;

  constructor(buffer: ArrayBufferLike, at: number) {
    // Views of a SharedArrayBuffer stay valid when the memory grows (it is never detached).
    this.words = new Int32Array(buffer, at, DISPATCH_BLOCK_BYTES / 4);
    this.doubles = new Float64Array(buffer, at, DISPATCH_BLOCK_BYTES / 8);
    this.bytes = new Uint8Array(buffer, at, DISPATCH_BLOCK_BYTES);
  }

  /** Writes `calls` (at most MAX_CALLS) into the slots; the caller publishes them by bumping the generation. */
  writeCalls(calls: readonly KernelCall[]): void {
    calls.forEach((call, i) => {
      if (call.args.length > MAX_ARGS)
        throw new RangeError(`${call.kernel}: more than ${MAX_ARGS} arguments`);
      const w = (SLOTS_AT + i * CALL_SLOT_BYTES) / 4;
      this.words[w] = SPLIT_KERNELS.indexOf(call.kernel);
      this.words[w + 1] = call.rows;
      this.words[w + 2] = call.scratch ? call.scratch.arg : -1;
      this.words[w + 3] = call.scratch ? call.scratch.stride : 0;
      this.words[w + 4] = call.args.length;
      const d = (SLOTS_AT + i * CALL_SLOT_BYTES + SLOT_HEADER_BYTES) / 8;
      for (let a = 0; a < call.args.length; a++) this.doubles[d + a] = call.args[a];
    });
    this.words[CALLS] = calls.length;
  }

  /** The calls of the current generation (read by a worker after it saw the generation change). */
  readCalls(): KernelCall[] {
    const calls: KernelCall[] = [];
    for (let i = 0; i < this.words[CALLS]; i++) {
      const w = (SLOTS_AT + i * CALL_SLOT_BYTES) / 4;
      const d = (SLOTS_AT + i * CALL_SLOT_BYTES + SLOT_HEADER_BYTES) / 8;
      const kernel: SplitKernel = SPLIT_KERNELS[this.words[w]];
      const args = Array.from(this.doubles.subarray(d, d + this.words[w + 4]));
      const scratchArg = this.words[w + 2];
      calls.push({
        kernel,
        rows: this.words[w + 1],
        args,
        scratch: scratchArg >= 0 ? { arg: scratchArg, stride: this.words[w + 3] } : undefined,
      });
    }
    return calls;
  }

  /** Records the first failure of a generation (later ones are dropped: one message is enough to report). */
  recordFailure(thread: number, message: string): void {
    if (Atomics.compareExchange(this.words, FAILED, 0, thread + 1) !== 0) return;
    const encoded = new TextEncoder().encode(message).subarray(0, MESSAGE_BYTES);
    // TextDecoder refuses views of shared memory, so the message is copied byte by byte both ways.
    for (let i = 0; i < encoded.length; i++) this.bytes[MESSAGE_AT + i] = encoded[i];
    Atomics.store(this.words, MESSAGE_LENGTH, encoded.length);
  }

  /** The recorded failure's message. */
  failureMessage(): string {
    const length = Atomics.load(this.words, MESSAGE_LENGTH);
    return new TextDecoder().decode(this.bytes.slice(MESSAGE_AT, MESSAGE_AT + length));
  }
}
