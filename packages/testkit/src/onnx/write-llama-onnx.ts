import type { FixtureSpec } from '../fixtures/fixture-specs.js';
import { buildLlamaGraph } from './build-llama-graph.js';
import { type FixtureWeights, MS_DOMAIN } from './llama-projections.js';
import { OnnxModelWriter, type WriteOnnxModelOptions } from './write-onnx-model.js';

/** The ONNX opset the fixtures use: 17 keeps ReduceMean's `axes` an attribute and runs on onnxruntime-web. */
export const FIXTURE_OPSET = 17;

/** Where each weight format of a fixture lives, by the Optimum / transformers.js file-name convention. */
export const FIXTURE_ONNX_FILES = {
  fp32: 'onnx/model.onnx',
  q4: 'onnx/model_q4.onnx',
} as const satisfies Record<FixtureWeights, string>;

function modelOptions(weights: FixtureWeights): WriteOnnxModelOptions {
  return {
    opsetVersion: FIXTURE_OPSET,
    // MatMulNBits is version 1 of ONNX Runtime's contrib operator set.
    extraOpsets: weights === 'q4' ? [{ domain: MS_DOMAIN, version: 1 }] : [],
    producerName: '@pocketlm/testkit',
    producerVersion: '1',
  };
}

/**
 * Opens a streaming writer for the Llama decoder of `spec` with `weights` projections (Optimum I/O: input_ids,
 * attention_mask, position_ids, past_key_values.N.key|value → logits, present.N.key|value). Its initializers come
 * in safetensors order; each is the HF tensor named by `pending.source`, in the form `source.form` names.
 */
export function openLlamaOnnxWriter(
  path: string,
  spec: FixtureSpec,
  weights: FixtureWeights = 'fp32',
): Promise<OnnxModelWriter> {
  return OnnxModelWriter.open(path, buildLlamaGraph(spec, weights), modelOptions(weights));
}
