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

describe('tiny ONNX decoder with past key/values', () => {
  const ids = [1, 8, 99, 250, 3, 77, 410, 12];

  it('prefill N then one decode step equals running N+1 at once', async () => {
    const V = spec.vocabSize;
    const n = ids.length - 1;
    const full = await runDecoder(session, spec, { inputIds: [ids] });
    const prefill = await runDecoder(session, spec, { inputIds: [ids.slice(0, n)] });
    expect(prefill.present[0].key.dims).toEqual([1, spec.numKVHeads, n, spec.headDim]);
    const step = await runDecoder(session, spec, { inputIds: [[ids[n]]], past: prefill.present });
    expect(step.present[spec.numLayers - 1].value.dims).toEqual([1, spec.numKVHeads, n + 1, spec.headDim]);
    expect(maxAbsDiff(step.logits, rows(full.logits, V, n, n + 1))).toBeLessThan(TOL);
    // The present KV of the split run equals the full run's.
    expect(
      maxAbsDiff(step.present[1].key.data as Float32Array, full.present[1].key.data as Float32Array),
    ).toBeLessThan(TOL);
  });

  it('chunked prefill (past > 0 and several new tokens) applies the causal mask at the right offset', async () => {
    const V = spec.vocabSize;
    const first = await runDecoder(session, spec, { inputIds: [ids.slice(0, 3)] });
    const chunk = await runDecoder(session, spec, { inputIds: [ids.slice(3, 7)], past: first.present });
    const last = await runDecoder(session, spec, { inputIds: [ids.slice(7)], past: chunk.present });
    const expected = reference.forward(ids);
    expect(maxAbsDiff(first.logits, rows(expected, V, 0, 3))).toBeLessThan(TOL);
    expect(maxAbsDiff(chunk.logits, rows(expected, V, 3, 7))).toBeLessThan(TOL);
    expect(maxAbsDiff(last.logits, rows(expected, V, 7, 8))).toBeLessThan(TOL);
  });

  it('greedy decoding step by step matches the reference on a left-padded batch', async () => {
    const V = spec.vocabSize;
    const prompts = [
      [1, 30, 31, 32, 33],
      [1, 90, 91],
    ];
    const width = 5;
    const masks = prompts.map((p) => [...Array(width - p.length).fill(0), ...Array(p.length).fill(1)]);
    const inputIds = prompts.map((p) => [...Array(width - p.length).fill(2), ...p]);
    const positionIds = masks.map((m) => {
      let c = -1;
      return m.map((v) => (v ? ++c : 1));
    });
    const seqs = prompts.map((p) => [...p]);
    let out = await runDecoder(session, spec, { inputIds, attentionMask: masks, positionIds });
    for (let step = 0; step < 4; step++) {
      const seqLen = out.logits.length / (prompts.length * V);
      for (let b = 0; b < prompts.length; b++) {
        const row = rows(out.logits, V, b * seqLen + seqLen - 1, b * seqLen + seqLen);
        const expected = reference.forward(seqs[b]);
        expect(maxAbsDiff(row, rows(expected, V, seqs[b].length - 1, seqs[b].length))).toBeLessThan(TOL);
        seqs[b].push(row.indexOf(Math.max(...row)));
      }
      for (const m of masks) m.push(1);
      out = await runDecoder(session, spec, {
        inputIds: seqs.map((s) => [s[s.length - 1]]),
        attentionMask: masks,
        positionIds: seqs.map((s) => [s.length - 1]),
        past: out.present,
      });
    }
  });
});
