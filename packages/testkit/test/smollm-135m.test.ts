import { statSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFixture } from '../src/fixtures/ensure-fixture.js';
import { fixtureSpecs } from '../src/fixtures/fixture-specs.js';
import { ReferenceLlama } from '../src/reference/reference-llama.js';
import { readSafetensors } from '../src/safetensors/read-safetensors.js';
import { llamaTensors } from '../src/weights/llama-weights.js';
import { maxAbsDiff, rows, runDecoder } from './helpers/run-decoder.js';

const spec = fixtureSpecs['smollm-135m'];
let dir: string;
let session: ort.InferenceSession;

beforeAll(async () => {
  const started = performance.now();
  let generated = false;
  dir = await ensureFixture('smollm-135m', { onProgress: () => (generated = true) });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`smollm-135m: ${generated ? `generated in ${seconds} s` : `cached (${seconds} s)`} at ${dir}`);
  // Generation must stay well inside the 60 s budget the tests can afford.
  if (generated) expect(Number(seconds)).toBeLessThan(60);
  const loadStart = performance.now();
  session = await ort.InferenceSession.create(join(dir, 'onnx', 'model.onnx'));
  console.log(`smollm-135m: ORT session created in ${((performance.now() - loadStart) / 1000).toFixed(1)} s`);
});

afterAll(async () => {
  await session?.release();
});

describe('smollm-135m fixture', () => {
  it('has SmolLM2-135M parameter count and file sizes', async () => {
    const params = llamaTensors(spec).reduce((n, t) => n + t.shape.reduce((a, b) => a * b, 1), 0);
    expect(params).toBe(134_515_008);
    const st = await readSafetensors(join(dir, 'model.safetensors'));
    const stSize = statSync(join(dir, 'model.safetensors')).size;
    const onnxSize = statSync(join(dir, 'onnx', 'model.onnx')).size;
    const tokSize = statSync(join(dir, 'tokenizer.json')).size;
    console.log(
      `smollm-135m: model.safetensors ${stSize} B, onnx/model.onnx ${onnxSize} B, tokenizer.json ${tokSize} B`,
    );
    expect(stSize).toBe(8 + st.headerLength + params * 4);
    // The tied LM head is a Transpose node, so the ONNX file holds the weights once, plus a small graph.
    expect(onnxSize - params * 4).toBeGreaterThan(0);
    expect(onnxSize - params * 4).toBeLessThan(1_000_000);
  });

  it('model_q4.onnx holds 4-bit projections and LM head next to the float32 embedding and norms', () => {
    // Per [N, K] projection: N*K/2 bytes of codes and N*K/32 float32 scales; the tied head is a quantized copy.
    const q4Bytes = (n: number, k: number) => (n * k) / 2 + (n * k * 4) / 32;
    let expected = q4Bytes(spec.vocabSize, spec.hiddenSize);
    for (const t of llamaTensors(spec)) {
      const [n, k] = t.shape;
      expected +=
        t.shape.length === 2 && t.name !== 'model.embed_tokens.weight'
          ? q4Bytes(n, k)
          : t.shape.reduce((a, b) => a * b, 1) * 4;
    }
    const size = statSync(join(dir, 'onnx', 'model_q4.onnx')).size;
    const fp32Size = statSync(join(dir, 'onnx', 'model.onnx')).size;
    console.log(
      `smollm-135m: onnx/model_q4.onnx ${size} B (${((100 * size) / fp32Size).toFixed(1)}% of model.onnx)`,
    );
    expect(size - expected).toBeGreaterThan(0);
    expect(size - expected).toBeLessThan(1_000_000);
  });

  it('ONNX logits match the reference forward pass, with and without past key/values', async () => {
    const ids = [1, 4812, 305, 17000, 42, 9, 33333];
    const V = spec.vocabSize;
    const reference = await ReferenceLlama.load(dir);
    const refStart = performance.now();
    const expected = reference.forward(ids);
    console.log(
      `smollm-135m: reference forward of ${ids.length} tokens in ${((performance.now() - refStart) / 1000).toFixed(1)} s`,
    );
    const full = await runDecoder(session, spec, { inputIds: [ids] });
    // 30 float32 layers with different summation orders: a little looser than the tiny model's 1e-4.
    expect(maxAbsDiff(full.logits, expected)).toBeLessThan(1e-3);

    const prefill = await runDecoder(session, spec, { inputIds: [ids.slice(0, -1)] });
    const step = await runDecoder(session, spec, { inputIds: [ids.slice(-1)], past: prefill.present });
    expect(maxAbsDiff(step.logits, rows(full.logits, V, ids.length - 1, ids.length))).toBeLessThan(1e-3);

    const last = full.logits.subarray((ids.length - 1) * V);
    let mean = 0;
    for (const v of last) mean += v;
    mean /= V;
    let sq = 0;
    for (const v of last) sq += (v - mean) ** 2;
    const std = Math.sqrt(sq / V);
    console.log(`smollm-135m: last-position logit std ${std.toFixed(2)}`);
    expect(std).toBeGreaterThan(1);
    expect(std).toBeLessThan(4);
  });
});
