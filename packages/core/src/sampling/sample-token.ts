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
  if (s.topK === 0 && s.topP >= 1 && s.minP === 0) return sampleUnfiltered(logits, size, s.temperature, rng);
  // Candidate ids sorted by logit: sorting 49k ids with a comparator costs tens of milliseconds, as much as a
  // forward pass, so only the filters that need the order (top-k, top-p, min-p) pay for it.
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

/** Plain temperature sampling: one pass over the ids in order, no sort (the filters are all off). */
function sampleUnfiltered(logits: Float32Array, size: number, temperature: number, rng: Rng): number {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < size; i++) if (logits[i] > max) max = logits[i];
  const weights = new Float64Array(size);
  let total = 0;
  let last = 0;
  for (let i = 0; i < size; i++) {
    if (logits[i] === Number.NEGATIVE_INFINITY) continue;
    weights[i] = Math.exp((logits[i] - max) / temperature);
    total += weights[i];
    last = i;
  }
  let r = rng() * total;
  for (let i = 0; i < size; i++) {
    if (weights[i] === 0) continue;
    r -= weights[i];
    if (r <= 0) return i;
  }
  return last;
}
