import type { ClassifierFixtureSpec } from '../fixtures/classifier-fixture-spec.js';
import { buildDistilbertGraph } from './build-distilbert-graph.js';
import { FIXTURE_OPSET } from './write-llama-onnx.js';
import { OnnxModelWriter } from './write-onnx-model.js';

/**
 * Opens a streaming writer for the DistilBERT classifier of `spec` (`input_ids`, `attention_mask` → `logits`).
 * Its initializers come in {@link distilbertTensors} order, each the HF tensor named by `pending.source`.
 */
export function openDistilbertOnnxWriter(
  path: string,
  spec: ClassifierFixtureSpec,
): Promise<OnnxModelWriter> {
  return OnnxModelWriter.open(path, buildDistilbertGraph(spec), {
    opsetVersion: FIXTURE_OPSET,
    producerName: '@pocketlm/testkit',
    producerVersion: '1',
  });
}
