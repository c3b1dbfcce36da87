import type * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixtureSpecs } from '../src/fixtures/fixture-specs.js';
import { runDecoder } from './helpers/run-decoder.js';
import { loadTiny } from './helpers/tiny-fixture.js';

const spec = fixtureSpecs.tiny;
let session: ort.InferenceSession;

beforeAll(async () => {
  ({ session } = await loadTiny());
});

/** Mean, std, and the two largest values of a logit row. */
function stats(row: Float32Array) {
  let mean = 0;
  for (const v of row) mean += v;
  mean /= row.length;
  let sq = 0;
  for (const v of row) sq += (v - mean) ** 2;
  const sorted = [...row].sort((a, b) => b - a);
  return {
    std: Math.sqrt(sq / row.length),
    top1: sorted[0],
    top2: sorted[1],
    argmax: row.indexOf(sorted[0]),
  };
}

describe('tiny fixture logits', () => {
  const prompts = [
    [1, 10, 200, 3],
    [1, 47, 211, 10],
    [1, 84, 222, 17],
    [1, 121, 233, 24],
  ];

  it('have a real spread and a decisive greedy choice, and greedy text depends on the context', async () => {
    const V = spec.vocabSize;
    for (const prompt of prompts) {
      const seq = [...prompt];
      for (let step = 0; step < 12; step++) {
        const { logits } = await runDecoder(session, spec, { inputIds: [seq] });
        const s = stats(logits.subarray((seq.length - 1) * V));
        expect(s.std).toBeGreaterThan(1);
        expect(s.std).toBeLessThan(4);
        // Far above float32 noise, so every correct backend picks the same token.
        expect(s.top1 - s.top2).toBeGreaterThan(1e-3);
        // Zero padded embedding rows give logit 0, which never wins.
        expect(s.argmax).toBeLessThan(spec.tokenizerVocabSize);
        seq.push(s.argmax);
      }
      // Not stuck repeating one token.
      expect(new Set(seq.slice(prompt.length)).size).toBeGreaterThanOrEqual(3);
    }
  });
});
