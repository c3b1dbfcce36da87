import type { FixtureSpec } from '../fixtures/fixture-specs.js';
import { type LlamaTensorInfo, llamaTensors } from '../weights/llama-weights.js';
import { GraphBuilder } from './graph-builder.js';
import { attention, attentionAllowed } from './llama-attention.js';
import { type LlamaGraphContext, mlp, rmsNorm, rotaryTables } from './llama-layers.js';
import { type FixtureWeights, projector, Q4_ACCURACY_LEVEL } from './llama-projections.js';
import { onnx } from './onnx-proto.js';

const F32 = onnx.TensorProto.DataType.FLOAT;
const I64 = onnx.TensorProto.DataType.INT64;

/**
 * Builds the decoder graph of a Llama fixture with the Optimum / onnx-community I/O names. With `fp32` weights it
 * uses standard opset-17 ops only (so onnxruntime-web runs it too); with `q4` every projection (q, k, v, o, gate,
 * up, down and the LM head) is a com.microsoft `MatMulNBits` on 4-bit weights (`accuracy_level`
 * `spec.q4AccuracyLevel`, default `Q4_ACCURACY_LEVEL`), and the embedding, the norms and everything else stay
 * float32. Weights are lazy initializers whose data the writer streams in.
 */
export function buildLlamaGraph(spec: FixtureSpec, weights: FixtureWeights = 'fp32'): GraphBuilder {
  const g = new GraphBuilder();
  const tensors = llamaTensors(spec);
  const infos = new Map<string, LlamaTensorInfo>(tensors.map((t) => [t.name, t]));
  const shapeOf = (name: string): readonly number[] => {
    const t = infos.get(name);
    if (!t) throw new Error(`buildLlamaGraph: unknown weight ${name}.`);
    return t.shape;
  };
  const registered = new Set<string>();
  const ctx: LlamaGraphContext = {
    g,
    spec,
    weight(hfName) {
      if (!registered.has(hfName)) {
        registered.add(hfName);
        g.weight(hfName, shapeOf(hfName), { tensor: hfName, form: 'plain' });
      }
      return hfName;
    },
    project: projector(g, weights, shapeOf, spec.q4AccuracyLevel ?? Q4_ACCURACY_LEVEL),
  };

  const kvDims = ['batch_size', spec.numKVHeads, 'past_sequence_length', spec.headDim];
  const presentDims = ['batch_size', spec.numKVHeads, 'total_sequence_length', spec.headDim];
  const inputIds = g.input('input_ids', I64, ['batch_size', 'sequence_length']);
  const attentionMask = g.input('attention_mask', I64, ['batch_size', 'total_sequence_length']);
  const positionIds = g.input('position_ids', I64, ['batch_size', 'sequence_length']);
  for (let l = 0; l < spec.numLayers; l++) {
    g.input(`past_key_values.${l}.key`, F32, kvDims);
    g.input(`past_key_values.${l}.value`, F32, kvDims);
  }
  g.output('logits', F32, ['batch_size', 'sequence_length', spec.vocabSize]);
  for (let l = 0; l < spec.numLayers; l++) {
    g.output(`present.${l}.key`, F32, presentDims);
    g.output(`present.${l}.value`, F32, presentDims);
  }

  const embed = ctx.weight('model.embed_tokens.weight');
  let x = g.op('Gather', [embed, inputIds], { axis: { int: 0 } }, 'embeds');
  const { cos, sin } = rotaryTables(ctx, positionIds);
  const allowed = attentionAllowed(ctx, inputIds, attentionMask);

  for (let l = 0; l < spec.numLayers; l++) {
    const prefix = `model.layers.${l}`;
    const attnIn = rmsNorm(ctx, x, `${prefix}.input_layernorm.weight`);
    const attnOut = attention(ctx, attnIn, l, {
      cos,
      sin,
      allowed,
      pastKey: `past_key_values.${l}.key`,
      pastValue: `past_key_values.${l}.value`,
      presentKey: `present.${l}.key`,
      presentValue: `present.${l}.value`,
    });
    x = g.op('Add', [x, attnOut], undefined, 'resid_attn');
    const mlpIn = rmsNorm(ctx, x, `${prefix}.post_attention_layernorm.weight`);
    x = g.op('Add', [x, mlp(ctx, mlpIn, prefix)], undefined, 'resid_mlp');
  }

  const final = rmsNorm(ctx, x, 'model.norm.weight');
  if (weights === 'fp32' && spec.tieWordEmbeddings) {
    // Tied head: transpose the embedding in the graph (ORT folds it at load) instead of storing it twice.
    const head = g.op('Transpose', [embed], { perm: { ints: [1, 0] } }, 'lm_head_t');
    g.node('MatMul', [final, head], { outputs: ['logits'] });
  } else {
    // A q4 tied head is a quantized copy of the embedding; the Gather keeps reading the float32 one.
    ctx.project(final, spec.tieWordEmbeddings ? 'model.embed_tokens.weight' : 'lm_head.weight', 'logits');
  }

  // Store weights in safetensors order, so a writer can draw each tensor once and feed every file. The sort is
  // stable: initializers of the same tensor keep their registration order.
  const order = new Map(tensors.map((t, i) => [t.name, i]));
  g.lazyInitializers.sort((a, b) => (order.get(a.source.tensor) ?? 0) - (order.get(b.source.tensor) ?? 0));
  return g;
}
