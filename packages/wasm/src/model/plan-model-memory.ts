import { type ModelConfig, PocketLMError } from '@pocketlm/core';
import type { TensorEntry } from '../formats/index.js';
import { f32GroupScratchBytes, linearWeightBytes, type WeightFormat } from '../weights/linear-weight.js';
import { scratchBytes } from './forward-scratch.js';
import type { TensorSpec } from './llama-tensors.js';

/** Tokens of one forward the load-time budget reserves scratch for (longer prefills grow it at run time). */
const PLANNED_FORWARD_TOKENS = 64;

/** What the weights will take in the kernels' memory, and the peak of loading them. */
export interface MemoryPlan {
  /** Bytes of the loaded weights. */
  weightBytes: number;
  /** Bytes needed at once while loading and running a first forward: weights, the largest tensor's
   * conversion buffers, scratch and the module's static data. */
  peakBytes: number;
}

/** The format a matrix ends up in: GGUF blocks keep theirs, float tensors take the requested one. */
export function storedFormat(entry: TensorEntry, target: WeightFormat): WeightFormat {
  if (entry.dtype === 'Q8_0') return 'q8';
  if (entry.dtype === 'Q4_0') return 'q4';
  return target;
}

/** Plans the memory of a model before anything is allocated. */
export function planModelMemory(
  config: ModelConfig,
  specs: TensorSpec[],
  entries: TensorEntry[],
  target: WeightFormat,
  heapBase: number,
): MemoryPlan {
  let weightBytes = 0;
  let transient = 0;
  specs.forEach((spec, i) => {
    const entry = entries[i];
    const elements = entry.shape.reduce((a, b) => a * b, 1);
    if (spec.role === 'vector') {
      weightBytes += elements * 4;
      transient = Math.max(transient, entry.byteLength);
      return;
    }
    const format = storedFormat(entry, target);
    weightBytes += linearWeightBytes(format, entry.shape[0], entry.shape[1]);
    // Raw bytes are copied in and, for f16/bf16, widened to f32 beside them before any quantizing; f32 rows
    // are then regrouped through a small buffer.
    const widened = entry.dtype === 'F16' || entry.dtype === 'BF16' ? elements * 4 : 0;
    const regroup = format === 'f32' ? f32GroupScratchBytes(entry.shape[1]) : 0;
    transient = Math.max(transient, entry.byteLength + widened + regroup);
  });
  const scratch = scratchBytes(config, PLANNED_FORWARD_TOKENS, PLANNED_FORWARD_TOKENS);
  return { weightBytes, peakBytes: heapBase + weightBytes + transient + scratch };
}

/** Throws MEMORY_BUDGET_EXCEEDED, before anything is allocated, when the plan does not fit `maxBytes`. */
export function checkMemoryBudget(plan: MemoryPlan, maxBytes: number, id: string): void {
  if (plan.peakBytes > maxBytes) {
    throw new PocketLMError(
      'MEMORY_BUDGET_EXCEEDED',
      `${id} needs about ${plan.peakBytes} bytes of WebAssembly memory (weights ${plan.weightBytes}), over the limit of ${maxBytes}` +
        (maxBytes >= 2 ** 32 ? ' (wasm32 addresses 4 GiB at most); choose a smaller dtype such as q4.' : '.'),
      { details: { requiredBytes: plan.peakBytes, weightBytes: plan.weightBytes, maxBytes } },
    );
  }
}
