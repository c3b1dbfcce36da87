import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { ensureFixture } from '../../src/fixtures/ensure-fixture.js';
import { fixtureSpecs } from '../../src/fixtures/fixture-specs.js';
import { ReferenceLlama } from '../../src/reference/reference-llama.js';

/** The tiny fixture (from the shared cache), an ORT session on its ONNX model, and its reference model. */
export async function loadTiny(): Promise<{
  dir: string;
  session: ort.InferenceSession;
  reference: ReferenceLlama;
  spec: typeof fixtureSpecs.tiny;
}> {
  const dir = await ensureFixture('tiny');
  const session = await ort.InferenceSession.create(join(dir, 'onnx', 'model.onnx'));
  return { dir, session, reference: await ReferenceLlama.load(dir), spec: fixtureSpecs.tiny };
}
