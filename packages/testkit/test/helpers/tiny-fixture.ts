import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { ensureFixture } from '../../src/fixtures/ensure-fixture.js';
import { fixtureSpecs } from '../../src/fixtures/fixture-specs.js';
import type { FixtureWeights } from '../../src/onnx/llama-projections.js';
import { FIXTURE_ONNX_FILES } from '../../src/onnx/write-llama-onnx.js';
import { ReferenceLlama } from '../../src/reference/reference-llama.js';

/**
 * The tiny fixture (from the shared cache), an ORT session on its ONNX model with `weights` projections, and the
 * reference model over the same weights (the 4-bit dequantized ones for `q4`).
 */
export async function loadTiny(weights: FixtureWeights = 'fp32'): Promise<{
  dir: string;
  session: ort.InferenceSession;
  reference: ReferenceLlama;
  spec: typeof fixtureSpecs.tiny;
}> {
  const dir = await ensureFixture('tiny');
  const session = await ort.InferenceSession.create(join(dir, FIXTURE_ONNX_FILES[weights]));
  return { dir, session, reference: await ReferenceLlama.load(dir, { weights }), spec: fixtureSpecs.tiny };
}
