import { PocketLMError } from '@pocketlm/core';

const PAGE = 65536;
/** wasm32 addresses 4 GiB at most. */
export const WASM32_MAX_BYTES = 65536 * PAGE;
const ALIGN = 16;

interface FreeBlock {
  ptr: number;
  size: number;
}

function alignUp(value: number): number {
  return Math.ceil(value / ALIGN) * ALIGN;
}

/**
 * The host-side allocator of the kernels' linear memory. Weights, KV mirrors and scratch buffers all live here,
 * so the kernels never allocate. First-fit over a sorted free list with coalescing (KV mirrors come and go), and
 * a bump pointer that grows the memory on demand up to `maxBytes`.
 *
 * Views into the memory must be taken after any allocation: growing detaches the previous `ArrayBuffer`.
 */
export class WasmHeap {
  private top: number;
  private readonly used = new Map<number, number>();
  private readonly free: FreeBlock[] = [];
  private allocated = 0;

  constructor(
    readonly memory: WebAssembly.Memory,
    base: number,
    readonly maxBytes: number,
  ) {
    this.top = alignUp(base);
  }

  /**
   * Creates a memory of `initialBytes` that may grow to `maxBytes` (capped at wasm32's 4 GiB); `shared` backs it
   * with a SharedArrayBuffer that worker threads can instantiate the shared-memory kernels over.
   */
  static createMemory(initialBytes: number, maxBytes: number, shared = false): WebAssembly.Memory {
    const maximum = Math.max(1, Math.min(65536, Math.ceil(maxBytes / PAGE)));
    const initial = Math.min(maximum, Math.max(1, Math.ceil(initialBytes / PAGE)));
    return new WebAssembly.Memory({ initial, maximum, shared });
  }

  /** Bytes handed out and not freed. */
  get bytesAllocated(): number {
    return this.allocated;
  }

  /** Bytes of linear memory reserved from the host (what the process actually holds). */
  get bytesReserved(): number {
    return this.memory.buffer.byteLength;
  }

  /** Allocates `bytes` (16-byte aligned, contents unspecified). Throws MEMORY_BUDGET_EXCEEDED past the cap. */
  alloc(bytes: number): number {
    const size = alignUp(Math.max(bytes, ALIGN));
    const index = this.free.findIndex((block) => block.size >= size);
    let ptr: number;
    if (index >= 0) {
      const block = this.free[index];
      ptr = block.ptr;
      if (block.size === size) this.free.splice(index, 1);
      else {
        block.ptr += size;
        block.size -= size;
      }
    } else {
      ptr = this.top;
      this.ensure(ptr + size);
      this.top = ptr + size;
    }
    this.used.set(ptr, size);
    this.allocated += size;
    return ptr;
  }

  /** Returns an allocation to the free list. */
  release(ptr: number): void {
    const size = this.used.get(ptr);
    if (size === undefined) return;
    this.used.delete(ptr);
    this.allocated -= size;
    let at = this.free.findIndex((block) => block.ptr > ptr);
    if (at < 0) at = this.free.length;
    this.free.splice(at, 0, { ptr, size });
    // Coalesce with the following, then the preceding block.
    const next = this.free[at + 1];
    if (next && ptr + size === next.ptr) {
      this.free[at].size += next.size;
      this.free.splice(at + 1, 1);
    }
    const previous = this.free[at - 1];
    if (previous && previous.ptr + previous.size === ptr) {
      previous.size += this.free[at].size;
      this.free.splice(at, 1);
    }
    // Give the tail back to the bump pointer.
    const last = this.free[this.free.length - 1];
    if (last && last.ptr + last.size === this.top) {
      this.top = last.ptr;
      this.free.pop();
    }
  }

  private ensure(end: number): void {
    if (end > this.maxBytes) {
      throw new PocketLMError(
        'MEMORY_BUDGET_EXCEEDED',
        `The WebAssembly memory would need ${end} bytes, over its limit of ${this.maxBytes}.`,
        { details: { requiredBytes: end, maxBytes: this.maxBytes } },
      );
    }
    const have = this.memory.buffer.byteLength;
    if (end <= have) return;
    // Grow geometrically so a growing KV mirror does not grow the memory on every token.
    const want = Math.min(Math.max(end, have + (have >> 2)), this.maxBytes);
    try {
      this.memory.grow(Math.ceil((want - have) / PAGE));
    } catch (cause) {
      throw new PocketLMError(
        'MEMORY_BUDGET_EXCEEDED',
        `The host refused to grow the WebAssembly memory to ${want} bytes.`,
        { cause, details: { requiredBytes: end } },
      );
    }
  }

  /** A Float32Array view of `count` floats at `ptr` (valid until the next allocation). */
  f32(ptr: number, count: number): Float32Array {
    return new Float32Array(this.memory.buffer, ptr, count);
  }

  /** A byte view of `length` bytes at `ptr` (valid until the next allocation). */
  bytes(ptr: number, length: number): Uint8Array {
    return new Uint8Array(this.memory.buffer, ptr, length);
  }
}
