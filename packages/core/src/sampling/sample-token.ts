import type { ResolvedSampling } from './sampling-options.js';
import type { Rng } from './seeded-rng.js';

/** Index of the largest value; the lowest index wins ties so greedy decoding is deterministic everywhere. */
export function argmax(values: ArrayLike<number>, length = values.length): number {
  let best = 0;
  let bestValue = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < length; i++) {
    if (values[i] > bestValue) {
      bestValue = values[i];
      best = i;
    }
  }
  return best;
}

/**
 * Picks the next token from (already penalised) logits over the first `size` ids. Temperature 0 is greedy;
 * otherwise top-k, then top-p, then min-p narrow the candidates before one seeded draw.
 */
export function sampleToken(logits: Float32Array, size: number, s: ResolvedSampling, rng: Rng): number {
  if (s.temperature === 0) return argmax(logits, size);
  // Candidate ids sorted by logit; a full sort of 49k ids costs ~1 ms, small next to a forward pass,
  // but top-k narrows it first when set.
  let ids = Array.from({ length: size }, (_, i) => i).filter((i) => logits[i] > Number.NEGATIVE_INFINITY);
  ids.sort((a, b) => logits[b] - logits[a] || a - b);
  if (s.topK > 0 && ids.length > s.topK) ids = ids.slice(0, s.topK);

  const max = logits[ids[0]] / s.temperature;
  const probs = ids.map((id) => Math.exp(logits[id] / s.temperature - max));
  const total = probs.reduce((a, b) => a + b, 0);
  for (let i = 0; i < probs.length; i++) probs[i] /= total;

  let keep = probs.length;
  if (s.topP < 1) {
    let acc = 0;
    for (let i = 0; i < probs.length; i++) {
      acc += probs[i];
      if (acc >= s.topP) {
        keep = i + 1;
        break;
      }
    }
  }
  if (s.minP > 0) {
    const floor = probs[0] * s.minP;
    let k = 0;
    while (k < keep && probs[k] >= floor) k++;
    keep = Math.max(1, k);
  }

  let mass = 0;
  for (let i = 0; i < keep; i++) mass += probs[i];
  let r = rng() * mass;
  for (let i = 0; i < keep; i++) {
    r -= probs[i];
    if (r <= 0) return ids[i];
  }
  return ids[keep - 1];
}
