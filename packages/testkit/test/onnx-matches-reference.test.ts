import type * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixtureSpecs } from '../src/fixtures/fixture-specs.js';
import type { ReferenceLlama } from '../src/reference/reference-llama.js';
import { maxAbsDiff, rows, runDecoder } from './helpers/run-decoder.js';
import { loadTiny } from './helpers/tiny-fixture.js';

const TOL = 1e-4;
let session: ort.InferenceSession;
let reference: ReferenceLlama;
const spec = fixtureSpecs.tiny;

beforeAll(async () => {
  ({ session, reference } = await loadTiny());
});

/** A deterministic pseudo-random token sequence. */
function tokens(n: number, salt: number): number[] {
  return Array.from({ length: n }, (_, i) => (i * 7919 + salt * 104729 + 13) % spec.vocabSize);
}

describe('tiny ONNX decoder vs the reference Llama', () => {
  const cases: [string, number[]][] = [
    ['a single BOS token', [1]],
    ['a short prompt', [1, 5, 17, 300, 42, 9]],
    ['ids in the padded part of the embedding', [1, 499, 505, 511, 0]],
    ['a 48-token sequence', tokens(48, 3)],
  ];
  it.each(cases)('matches for %s (all positions)', async (_, ids) => {
    const { logits } = await runDecoder(session, spec, { inputIds: [ids] });
    expect(logits.length).toBe(ids.length * spec.vocabSize);
    expect(maxAbsDiff(logits, reference.forward(ids))).toBeLessThan(TOL);
  });

  it('matches per row for a left-padded batch (attention_mask + position_ids)', async () => {
    const a = [1, 10, 20, 30, 40, 50];
    const b = [1, 60, 70, 80];
    const padded = [2, 2, ...b];
    const mask = [0, 0, 1, 1, 1, 1];
    // HF's convention: positions = cumsum(mask) - 1, padding set to 1.
    const pos = [1, 1, 0, 1, 2, 3];
    const { logits } = await runDecoder(session, spec, {
      inputIds: [a, padded],
      attentionMask: [[1, 1, 1, 1, 1, 1], mask],
      positionIds: [[0, 1, 2, 3, 4, 5], pos],
    });
    const V = spec.vocabSize;
    expect(maxAbsDiff(rows(logits, V, 0, 6), reference.forward(a))).toBeLessThan(TOL);
    // Real tokens of the padded row equal the unpadded sequence alone.
    expect(maxAbsDiff(rows(logits, V, 8, 12), reference.forward(b))).toBeLessThan(TOL);
    // Every row, padding included, matches the reference given the same mask and positions.
    expect(
      maxAbsDiff(
        rows(logits, V, 6, 12),
        reference.forward(padded, { attentionMask: mask, positionIds: pos }),
      ),
    ).toBeLessThan(TOL);
  });

  it('masks keys in the middle of a sequence', async () => {
    const ids = [1, 11, 22, 33, 44];
    const mask = [1, 1, 0, 1, 1];
    const { logits } = await runDecoder(session, spec, { inputIds: [ids], attentionMask: [mask] });
    const expected = reference.forward(ids, { attentionMask: mask });
    expect(maxAbsDiff(logits, expected)).toBeLessThan(TOL);
    expect(
      maxAbsDiff(rows(logits, spec.vocabSize, 4, 5), rows(reference.forward(ids), spec.vocabSize, 4, 5)),
    ).toBeGreaterThan(1e-2);
  });

  it('uses position_ids for RoPE', async () => {
    const ids = [1, 5, 17, 300, 42, 9];
    const gapped = [0, 1, 2, 10, 11, 12];
    const { logits } = await runDecoder(session, spec, { inputIds: [ids], positionIds: [gapped] });
    expect(maxAbsDiff(logits, reference.forward(ids, { positionIds: gapped }))).toBeLessThan(TOL);
    // A gap changes the relative distances, so the later logits change.
    expect(maxAbsDiff(logits, reference.forward(ids))).toBeGreaterThan(1e-2);
    // RoPE is relative: shifting every position by the same amount leaves the logits (nearly) unchanged.
    const shifted = await runDecoder(session, spec, {
      inputIds: [ids],
      positionIds: [ids.map((_, i) => i + 37)],
    });
    expect(maxAbsDiff(shifted.logits, reference.forward(ids))).toBeLessThan(1e-3);
  });
});
