import { FullKVCache, type ModelRunner } from '@pocketlm/core';

/** Softmax of a logits row in float64. */
function softmax(row: Float32Array): Float64Array {
  let max = Number.NEGATIVE_INFINITY;
  for (const v of row) max = Math.max(max, v);
  const out = new Float64Array(row.length);
  let total = 0;
  for (let i = 0; i < row.length; i++) {
    out[i] = Math.exp(row[i] - max);
    total += out[i];
  }
  for (let i = 0; i < row.length; i++) out[i] /= total;
  return out;
}

/** KL(p || q) in nats of two logits rows: how far q's next-token distribution is from p's. */
export function klDivergence(p: Float32Array, q: Float32Array): number {
  const pp = softmax(p);
  const qq = softmax(q);
  let kl = 0;
  for (let i = 0; i < pp.length; i++) if (pp[i] > 0) kl += pp[i] * Math.log(pp[i] / Math.max(qq[i], 1e-300));
  return kl;
}

/** Logits of every position of `tokens` (teacher forcing, one forward). */
export async function allLogits(runner: ModelRunner, tokens: number[]): Promise<Float32Array> {
  const cache = new FullKVCache(runner.kvLayout);
  const out = await runner.forward({
    sequences: [{ tokens, positions: tokens.map((_, i) => i), cache, logits: 'all' }],
  });
  return out.logits[0];
}

/** Mean and largest KL over the positions of two [positions, vocab] logits arrays, and top-1 agreement. */
export function compareDistributions(reference: Float32Array, candidate: Float32Array, vocab: number) {
  const rows = reference.length / vocab;
  let sum = 0;
  let max = 0;
  let agree = 0;
  for (let r = 0; r < rows; r++) {
    const p = reference.subarray(r * vocab, (r + 1) * vocab);
    const q = candidate.subarray(r * vocab, (r + 1) * vocab);
    const kl = klDivergence(p, q);
    sum += kl;
    max = Math.max(max, kl);
    let bp = 0;
    let bq = 0;
    for (let i = 1; i < vocab; i++) {
      if (p[i] > p[bp]) bp = i;
      if (q[i] > q[bq]) bq = i;
    }
    if (bp === bq) agree++;
  }
  return { meanKL: sum / rows, maxKL: max, top1Agreement: agree / rows };
}
