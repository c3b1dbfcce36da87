import { quantizeQ4 } from '../weights/quantize-q4.js';
import type { ReferenceLlamaConfig, ReferenceWeights } from './reference-llama.js';

/** Whether the q4 ONNX graph runs HF weight `name` through `MatMulNBits`: every projection and the LM head. */
function isQuantized(name: string): boolean {
  return name.endsWith('_proj.weight') || name === 'lm_head.weight';
}

/**
 * The weights a q4 fixture graph computes with, derived from the float32 ones: every projection and the LM head
 * replaced by its 4-bit dequantized values ({@link quantizeQ4}), everything else unchanged. A tied LM head becomes
 * an untied `lm_head.weight` (the dequantized embedding), because the graph's embedding lookup stays float32.
 * Tensors are quantized on first use and kept.
 */
export function q4ReferenceWeights(
  config: ReferenceLlamaConfig,
  weights: ReferenceWeights,
): { config: ReferenceLlamaConfig; weights: ReferenceWeights } {
  const cache = new Map<string, Float32Array>();
  const headSource = config.tieWordEmbeddings ? 'model.embed_tokens.weight' : 'lm_head.weight';
  return {
    config: { ...config, tieWordEmbeddings: false },
    weights: {
      getFloat32(name: string): Float32Array {
        if (!isQuantized(name)) return weights.getFloat32(name);
        let out = cache.get(name);
        if (!out) {
          const source = name === 'lm_head.weight' ? headSource : name;
          const data = weights.getFloat32(source);
          const [rows, cols] = projectionShape(config, name, data.length);
          out = quantizeQ4(data, rows, cols).dequantized;
          cache.set(name, out);
        }
        return out;
      },
    },
  };
}

/** [out, in] of a projection, from the config (a flat weight array does not carry its shape). */
function projectionShape(config: ReferenceLlamaConfig, name: string, length: number): [number, number] {
  const { hiddenSize: h, intermediateSize: inter, numHeads, numKVHeads, headDim } = config;
  const shapes: [RegExp, [number, number]][] = [
    [/q_proj\.weight$/, [numHeads * headDim, h]],
    [/[kv]_proj\.weight$/, [numKVHeads * headDim, h]],
    [/o_proj\.weight$/, [h, numHeads * headDim]],
    [/(gate|up)_proj\.weight$/, [inter, h]],
    [/down_proj\.weight$/, [h, inter]],
    [/^lm_head\.weight$/, [config.vocabSize, h]],
  ];
  const shape = shapes.find(([pattern]) => pattern.test(name))?.[1];
  if (!shape || shape[0] * shape[1] !== length) {
    throw new Error(`q4ReferenceWeights: cannot tell the [out, in] shape of ${name} (${length} values).`);
  }
  return shape;
}
