import type { EncoderFixtureSpec } from '../fixtures/encoder-fixture-spec.js';
import { buildBertGraph } from './build-bert-graph.js';
import { FIXTURE_OPSET } from './write-llama-onnx.js';
import { OnnxModelWriter } from './write-onnx-model.js';

/**
 * Opens a streaming writer for the BERT feature extractor of `spec` (`input_ids`, `attention_mask`,
 * `token_type_ids` → `last_hidden_state`). Its initializers come in {@link bertTensors} order.
 */
export function openBertOnnxWriter(path: string, spec: EncoderFixtureSpec): Promise<OnnxModelWriter> {
  return OnnxModelWriter.open(path, buildBertGraph(spec), {
    opsetVersion: FIXTURE_OPSET,
    producerName: '@pocketlm/testkit',
    producerVersion: '1',
  });
}
