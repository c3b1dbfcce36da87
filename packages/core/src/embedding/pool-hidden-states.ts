import type { EmbeddingPooling } from './embedder.js';

/**
 * One vector from a row's flat `[tokens, width]` states: the mean over tokens or the first token, summed in
 * float64, then scaled to unit length when `normalize` (the norm floored at 1e-12, as PyTorch's `F.normalize`, so an
 * all-zero vector stays zero instead of NaN).
 */
export function poolHiddenStates(
  states: Float32Array,
  width: number,
  pooling: EmbeddingPooling,
  normalize: boolean,
): Float32Array {
  const tokens = states.length / width;
  const sum = new Float64Array(width);
  const count = pooling === 'cls' ? 1 : tokens;
  for (let t = 0; t < count; t++) {
    const offset = t * width;
    for (let j = 0; j < width; j++) sum[j] += states[offset + j];
  }
  let scale = 1 / count;
  if (normalize) {
    let squares = 0;
    for (let j = 0; j < width; j++) squares += (sum[j] * scale) ** 2;
    scale /= Math.max(Math.sqrt(squares), 1e-12);
  }
  const out = new Float32Array(width);
  for (let j = 0; j < width; j++) out[j] = sum[j] * scale;
  return out;
}
