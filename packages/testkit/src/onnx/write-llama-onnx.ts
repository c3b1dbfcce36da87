import type { FixtureSpec } from '../fixtures/fixture-specs.js';
import { buildLlamaGraph } from './build-llama-graph.js';
import { writeOnnxModel } from './write-onnx-model.js';

/** The ONNX opset the fixtures use: 17 keeps ReduceMean's `axes` an attribute and runs on onnxruntime-web. */
export const FIXTURE_OPSET = 17;

/**
 * Writes the Llama decoder of `spec` to `path` as ONNX (Optimum I/O: input_ids, attention_mask, position_ids,
 * past_key_values.N.key|value → logits, present.N.key|value), streaming one weight at a time.
 */
export async function writeLlamaOnnx(
  path: string,
  spec: FixtureSpec,
  onInitializer?: (done: number, total: number) => void,
): Promise<void> {
  await writeOnnxModel(path, buildLlamaGraph(spec), {
    opsetVersion: FIXTURE_OPSET,
    producerName: '@pocketlm/testkit',
    producerVersion: '1',
    onInitializer,
  });
}
