import type { FixtureSpec } from '../fixtures/fixture-specs.js';
import { generateTensor, type LlamaTensorInfo } from './llama-weights.js';
import { quantizeQ4 } from './quantize-q4.js';

/**
 * Whether the q4 graph of `spec` stores HF tensor `name` as 4-bit codes: every projection, and the LM head, which
 * with tied embeddings is the embedding matrix itself (the q4 graph's Gather reads that matrix in float32).
 */
export function isQ4Quantized(spec: FixtureSpec, name: string): boolean {
  if (name.endsWith('_proj.weight')) return true;
  return name === (spec.tieWordEmbeddings ? 'model.embed_tokens.weight' : 'lm_head.weight');
}

/**
 * The values fixture `spec` writes for tensor `info` in every file: {@link generateTensor}'s draw, except that
 * with `weightGrid: 'q4'` each tensor {@link isQ4Quantized} names is replaced by its 4-bit dequantized values.
 * Quantizing those again gives back the same codes and scales (each block's extreme is stored exactly and every
 * other value sits on a level), so the q4 file holds the same bytes as without the grid and the float32 model is
 * exactly the dequantized q4 one. A tied embedding is snapped as a whole, so the float32 embedding lookup reads the
 * snapped rows too; the q4 graph's lookup reads the same float32 tensor.
 */
export function fixtureTensor(spec: FixtureSpec, info: LlamaTensorInfo): Float32Array {
  const data = generateTensor(spec, info);
  if (spec.weightGrid !== 'q4' || !isQ4Quantized(spec, info.name)) return data;
  const [rows, cols] = info.shape;
  return quantizeQ4(data, rows, cols).dequantized;
}
