import { Q4_BLOCK_SIZE } from '../weights/quantize-q4.js';
import type { GraphBuilder } from './graph-builder.js';

/** How a fixture's ONNX graph stores its projection weights: float32, or 4-bit blocks (`MatMulNBits`). */
export type FixtureWeights = 'fp32' | 'q4';

/** The operator set domain of ONNX Runtime's contrib ops, which holds `MatMulNBits`. */
export const MS_DOMAIN = 'com.microsoft';

/** `MatMulNBits`' `accuracy_level`: 0 computes in float32 on the dequantized weights, 4 in int8 (see below). */
export type Q4AccuracyLevel = 0 | 1 | 2 | 3 | 4;

/**
 * Default `accuracy_level` of every `MatMulNBits` (a spec may set its own, `q4AccuracyLevel`): 4 lets ONNX Runtime
 * quantize the activations to int8 per block and multiply in integers, its fast path on x86 and ARM (smollm-135m
 * decode, one thread: 23 ms/token, against 35 with level 0 and 61 for the fp32 graph); 0 would multiply the
 * dequantized weights in float32. Level 4 costs accuracy: on the tiny fixture the logits sit up to ~6% of the logit range from a float32 forward over the same
 * dequantized weights, against ~2e-6 with level 0 (see `model-q4-matches-reference.test.ts`).
 */
export const Q4_ACCURACY_LEVEL: Q4AccuracyLevel = 4;

/** x times an HF projection weight transposed, written as one node; `output` names the result. */
export type Projector = (x: string, hfName: string, output?: string) => string;

/**
 * A projector for `weights`: float32 `MatMul` on the weight stored transposed ([in, out]), or com.microsoft
 * `MatMulNBits` (bits 4, block 32, default zero point 8) on the weight's packed codes and per-block scales, stored
 * in the HF [out, in] layout that `MatMulNBits` reads as (N, K), with `accuracyLevel`. Each weight's initializers
 * are registered once. `shapeOf` gives an HF weight's shape [out, in].
 */
export function projector(
  g: GraphBuilder,
  weights: FixtureWeights,
  shapeOf: (hfName: string) => readonly number[],
  accuracyLevel: Q4AccuracyLevel = Q4_ACCURACY_LEVEL,
): Projector {
  const registered = new Set<string>();
  const once = (name: string, register: () => void): void => {
    if (!registered.has(name)) {
      registered.add(name);
      register();
    }
  };
  const outputs = (output: string | undefined) => (output === undefined ? 1 : [output]);

  if (weights === 'fp32') {
    return (x, hfName, output) => {
      const name = `${hfName}.T`;
      const [rows, cols] = shapeOf(hfName);
      once(name, () => g.weight(name, [cols, rows], { tensor: hfName, form: 'transposed' }));
      return g.node('MatMul', [x, name], { outputs: outputs(output), prefix: 'proj' })[0];
    };
  }

  return (x, hfName, output) => {
    const [n, k] = shapeOf(hfName);
    const blocks = Math.ceil(k / Q4_BLOCK_SIZE);
    const codes = `${hfName}_Q4`;
    const scales = `${hfName}_scales`;
    once(codes, () => {
      g.weight(codes, [n, blocks, Q4_BLOCK_SIZE / 2], { tensor: hfName, form: 'q4-packed' }, 'uint8');
      g.weight(scales, [n, blocks], { tensor: hfName, form: 'q4-scales' });
    });
    return g.node('MatMulNBits', [x, codes, scales], {
      attrs: {
        K: { int: k },
        N: { int: n },
        bits: { int: 4 },
        block_size: { int: Q4_BLOCK_SIZE },
        accuracy_level: { int: accuracyLevel },
      },
      outputs: outputs(output),
      prefix: 'proj',
      domain: MS_DOMAIN,
    })[0];
  };
}
