import { compileKernels } from '../src/kernels/compile-kernels.js';
import { instantiateKernels } from '../src/kernels/instantiate-kernels.js';
import type { KernelExports } from '../src/kernels/kernel-exports.js';
import { WasmHeap } from '../src/memory/wasm-heap.js';

/** The kernels over a fresh memory, with helpers to move arrays in and out. */
export interface KernelHarness {
  kernels: KernelExports;
  heap: WasmHeap;
  /** Copies floats into fresh memory and returns the address. */
  putF32(values: ArrayLike<number>): number;
  /** Copies a row-major [rows, cols] f32 matrix into fresh memory in the kernels' weight layout. */
  putF32Matrix(values: ArrayLike<number>, rows: number, cols: number): number;
  /** Copies bytes into fresh memory and returns the address. */
  putBytes(values: Uint8Array): number;
  /** Fresh memory for `count` floats, filled with `fill`. */
  allocF32(count: number, fill?: number): number;
  readF32(ptr: number, count: number): Float32Array;
  readBytes(ptr: number, length: number): Uint8Array;
}

export async function kernelHarness(): Promise<KernelHarness> {
  const module = await compileKernels();
  const memory = WasmHeap.createMemory(1 << 20, 1 << 28);
  const kernels = await instantiateKernels(module, memory);
  const heap = new WasmHeap(memory, kernels.heapBase(), 1 << 28);
  const putF32 = (values: ArrayLike<number>) => {
    const ptr = heap.alloc(values.length * 4);
    heap.f32(ptr, values.length).set(values);
    return ptr;
  };
  return {
    kernels,
    heap,
    putF32,
    putF32Matrix(values, rows, cols) {
      const ptr = putF32(values);
      const scratch = heap.alloc(cols * 16);
      kernels.groupRowsF32(ptr, rows, cols, scratch);
      heap.release(scratch);
      return ptr;
    },
    putBytes(values) {
      const ptr = heap.alloc(values.length);
      heap.bytes(ptr, values.length).set(values);
      return ptr;
    },
    allocF32(count, fill = 0) {
      const ptr = heap.alloc(count * 4);
      heap.f32(ptr, count).fill(fill);
      return ptr;
    },
    readF32: (ptr, count) => heap.f32(ptr, count).slice(),
    readBytes: (ptr, length) => heap.bytes(ptr, length).slice(),
  };
}

/** Deterministic uniform values in [-scale, scale) (mulberry32). */
export function randomFloats(count: number, seed: number, scale = 1): Float32Array {
  let a = seed >>> 0;
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = ((((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1) * scale;
  }
  return out;
}

/** Largest |a - b| / max(1, |b|). */
export function maxRelativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = Math.abs(actual[i] - expected[i]) / Math.max(1, Math.abs(expected[i]));
    if (!(e <= worst)) worst = Number.isNaN(e) ? Number.POSITIVE_INFINITY : e;
  }
  return worst;
}

/**
 * Index of row r's block b in a quantized [rows, blocks * 32] matrix, written independently of
 * assembly/weight-layout.ts: rows below the last multiple of 8 are stored in groups of 8, block by block;
 * the rest row-major.
 */
export function quantBlockIndex(r: number, b: number, blocks: number, rows: number): number {
  const grouped = rows - (rows % 8);
  if (r >= grouped) return r * blocks + b;
  return (Math.floor(r / 8) * blocks + b) * 8 + (r % 8);
}
