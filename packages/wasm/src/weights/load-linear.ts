import { PocketLMError } from '@pocketlm/core';
import type { TensorEntry } from '../formats/index.js';
import type { KernelExports } from '../kernels/kernel-exports.js';
import type { WasmHeap } from '../memory/wasm-heap.js';
import {
  f32GroupScratchBytes,
  type LinearWeight,
  quantizedRegions,
  type WeightFormat,
} from './linear-weight.js';

/** What the loaders write with: the heap that owns the memory and the kernels that convert in place. */
export interface LoadContext {
  readonly heap: WasmHeap;
  readonly kernels: KernelExports;
}

function invalid(entry: TensorEntry, message: string): PocketLMError {
  return new PocketLMError(
    'INVALID_MODEL',
    `Tensor ${entry.name} (${entry.dtype} ${JSON.stringify(entry.shape)}): ${message}`,
    {
      details: { tensor: entry.name, dtype: entry.dtype, shape: entry.shape },
    },
  );
}

function elementCount(entry: TensorEntry): number {
  return entry.shape.reduce((a, b) => a * b, 1);
}

function copyIn(ctx: LoadContext, raw: Uint8Array): number {
  const ptr = ctx.heap.alloc(raw.byteLength);
  ctx.heap.bytes(ptr, raw.byteLength).set(raw);
  return ptr;
}

/** Copies a float tensor (F32, F16 or BF16) into the memory as f32 and returns its address. */
export function loadFloatTensor(ctx: LoadContext, entry: TensorEntry, raw: Uint8Array): number {
  const count = elementCount(entry);
  const width = entry.dtype === 'F32' ? 4 : entry.dtype === 'F16' || entry.dtype === 'BF16' ? 2 : 0;
  if (width === 0) throw invalid(entry, 'expected a float tensor here.');
  if (raw.byteLength !== count * width)
    throw invalid(entry, `holds ${raw.byteLength} bytes, expected ${count * width}.`);
  if (entry.dtype === 'F32') return copyIn(ctx, raw);
  const half = copyIn(ctx, raw);
  const out = ctx.heap.alloc(count * 4);
  if (entry.dtype === 'F16') ctx.kernels.convertF16(half, out, count);
  else ctx.kernels.convertBF16(half, out, count);
  ctx.heap.release(half);
  return out;
}

function repackBlocks(
  ctx: LoadContext,
  entry: TensorEntry,
  raw: Uint8Array,
  rows: number,
  cols: number,
): LinearWeight {
  const format = entry.dtype === 'Q8_0' ? 'q8' : 'q4';
  if (cols % 32 !== 0) throw invalid(entry, 'quantized rows must be a multiple of 32 long.');
  const { blocks, quantBytes, scaleBytes } = quantizedRegions(format, rows, cols);
  const blockBytes = format === 'q8' ? 34 : 18;
  if (raw.byteLength !== rows * blocks * blockBytes) {
    throw invalid(entry, `holds ${raw.byteLength} bytes, expected ${rows * blocks * blockBytes}.`);
  }
  const source = copyIn(ctx, raw);
  const data = ctx.heap.alloc(quantBytes);
  const scales = ctx.heap.alloc(scaleBytes);
  if (format === 'q8') ctx.kernels.repackQ8_0(source, blocks, data, scales, rows, 0, rows);
  else ctx.kernels.repackQ4_0(source, blocks, data, scales, rows, 0, rows);
  ctx.heap.release(source);
  return { format, rows, cols, blocks, data, scales };
}

/**
 * Loads a 2-D weight [rows = out, cols = in] as `target`. Float sources are widened to f32 and, for q8/q4,
 * quantized in WASM; GGUF Q8_0/Q4_0 blocks are repacked as they are (q8 and q4), never dequantized.
 */
export function loadLinear(
  ctx: LoadContext,
  entry: TensorEntry,
  raw: Uint8Array,
  target: WeightFormat,
): LinearWeight {
  if (entry.shape.length !== 2) throw invalid(entry, 'expected a 2-D matrix.');
  const [rows, cols] = entry.shape;
  if (entry.dtype === 'Q8_0' || entry.dtype === 'Q4_0') return repackBlocks(ctx, entry, raw, rows, cols);
  const floats = loadFloatTensor(ctx, entry, raw);
  if (target === 'f32') {
    const scratch = ctx.heap.alloc(f32GroupScratchBytes(cols));
    ctx.kernels.groupRowsF32(floats, rows, cols, scratch);
    ctx.heap.release(scratch);
    return { format: 'f32', rows, cols, blocks: 0, data: floats, scales: 0 };
  }
  const { blocks, quantBytes, scaleBytes } = quantizedRegions(target, rows, cols);
  const data = ctx.heap.alloc(quantBytes);
  const scales = ctx.heap.alloc(scaleBytes);
  if (target === 'q8') ctx.kernels.quantizeQ8(floats, cols, blocks, data, scales, rows, 0, rows);
  else ctx.kernels.quantizeQ4(floats, cols, blocks, data, scales, rows, 0, rows);
  ctx.heap.release(floats);
  return { format: target, rows, cols, blocks, data, scales };
}
