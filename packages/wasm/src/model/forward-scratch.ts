import type { ModelConfig } from '@pocketlm/core';
import type { WasmHeap } from '../memory/wasm-heap.js';
import { QUANT_BLOCK } from '../weights/linear-weight.js';

/** Addresses of the per-forward working buffers, each sized for `tokens` rows. */
export interface ScratchBuffers {
  readonly tokens: number;
  readonly logitRows: number;
  /** Residual stream [tokens, hidden]. */
  readonly x: number;
  /** Normed input of a block [tokens, max(hidden, heads * headDim)]. */
  readonly normed: number;
  readonly q: number;
  readonly k: number;
  readonly v: number;
  /** Attention output [tokens, heads * headDim]. */
  readonly attended: number;
  /** A projection's output added back into the residual [tokens, hidden]. */
  readonly projected: number;
  readonly gate: number;
  readonly up: number;
  /** Activations quantized for q8/q4 products: i16 quants and f32 scales per 32 columns. */
  readonly activationQuants: number;
  readonly activationScales: number;
  /** RoPE tables [tokens, headDim / 2]. */
  readonly cos: number;
  readonly sin: number;
  /** Logits [logitRows, vocab]. */
  readonly logits: number;
}

type Layout = Omit<ScratchBuffers, 'tokens' | 'logitRows'>;

function sizes(config: ModelConfig, tokens: number, logitRows: number): Record<keyof Layout, number> {
  const { hiddenSize: hidden, numHeads, numKVHeads, headDim, intermediateSize: inter, vocabSize } = config;
  const widest = Math.max(hidden, numHeads * headDim, inter);
  const blocks = Math.ceil(widest / QUANT_BLOCK);
  const f = 4;
  return {
    x: tokens * hidden * f,
    normed: tokens * Math.max(hidden, numHeads * headDim) * f,
    q: tokens * numHeads * headDim * f,
    k: tokens * numKVHeads * headDim * f,
    v: tokens * numKVHeads * headDim * f,
    attended: tokens * numHeads * headDim * f,
    projected: tokens * hidden * f,
    gate: tokens * inter * f,
    up: tokens * inter * f,
    activationQuants: tokens * blocks * QUANT_BLOCK * 2,
    activationScales: tokens * blocks * f,
    cos: tokens * (headDim / 2) * f,
    sin: tokens * (headDim / 2) * f,
    logits: logitRows * vocabSize * f,
  };
}

const align = (n: number) => Math.ceil(n / 16) * 16;

/** Bytes the scratch buffers take for `tokens` new tokens and `logitRows` logits rows. */
export function scratchBytes(config: ModelConfig, tokens: number, logitRows: number): number {
  return Object.values(sizes(config, tokens, logitRows)).reduce((total, size) => total + align(size), 0);
}

/** One allocation holding every scratch buffer, carved into aligned regions. */
export function allocateScratch(
  heap: WasmHeap,
  config: ModelConfig,
  tokens: number,
  logitRows: number,
): { base: number; buffers: ScratchBuffers } {
  const base = heap.alloc(scratchBytes(config, tokens, logitRows));
  let at = base;
  const regions = {} as Record<keyof Layout, number>;
  for (const [name, size] of Object.entries(sizes(config, tokens, logitRows)) as [keyof Layout, number][]) {
    regions[name] = at;
    at += align(size);
  }
  return { base, buffers: { tokens, logitRows, ...regions } };
}
