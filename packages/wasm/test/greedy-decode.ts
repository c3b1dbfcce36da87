import { FullKVCache, type ModelRunner } from '@pocketlm/core';

/** The argmax of a logits row (first index on ties). */
export function argmax(row: Float32Array): number {
  let best = 0;
  for (let i = 1; i < row.length; i++) if (row[i] > row[best]) best = i;
  return best;
}

/** Greedy decoding: prefill `prompt`, then `steps` one-token forwards; returns the ids and each step's logits. */
export async function greedyDecode(runner: ModelRunner, prompt: number[], steps: number) {
  const cache = new FullKVCache(runner.kvLayout);
  const ids: number[] = [];
  const logits: Float32Array[] = [];
  let tokens = prompt;
  for (let step = 0; step < steps; step++) {
    const positions = tokens.map((_, i) => cache.nextPosition + i);
    const out = await runner.forward({ sequences: [{ tokens, positions, cache, logits: 'last' }] });
    logits.push(out.logits[0]);
    const next = argmax(out.logits[0]);
    ids.push(next);
    tokens = [next];
  }
  return { ids, logits };
}
