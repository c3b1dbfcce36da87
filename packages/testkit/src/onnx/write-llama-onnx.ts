import type { FixtureSpec } from '../fixtures/fixture-specs.js';
import { buildLlamaGraph } from './build-llama-graph.js';
import { OnnxModelWriter, type WriteOnnxModelOptions } from './write-onnx-model.js';

/** The ONNX opset the fixtures use: 17 keeps ReduceMean's `axes` an attribute and runs on onnxruntime-web. */
export const FIXTURE_OPSET = 17;

const MODEL_OPTIONS: WriteOnnxModelOptions = {
  opsetVersion: FIXTURE_OPSET,
  producerName: '@pocketlm/testkit',
  producerVersion: '1',
};

/**
 * Opens a streaming writer for the Llama decoder of `spec` (Optimum I/O: input_ids, attention_mask,
 * position_ids, past_key_values.N.key|value → logits, present.N.key|value). Its initializers come in
 * safetensors order; each is the HF tensor named by `pending.source`, transposed when `source.transposed`.
 */
export function openLlamaOnnxWriter(path: string, spec: FixtureSpec): Promise<OnnxModelWriter> {
  return OnnxModelWriter.open(path, buildLlamaGraph(spec), MODEL_OPTIONS);
}
