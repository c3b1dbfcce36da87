import type { ClassifierFixtureSpec } from '../fixtures/classifier-fixture-spec.js';
import { distilbertLayerNames, distilbertTensors } from '../weights/distilbert-weights.js';
import { EncoderGraph } from './encoder-graph.js';
import type { GraphBuilder } from './graph-builder.js';
import { onnx } from './onnx-proto.js';

const I64 = onnx.TensorProto.DataType.INT64;
const F32 = onnx.TensorProto.DataType.FLOAT;

/**
 * Builds the graph of a DistilBertForSequenceClassification with Optimum's I/O (`input_ids`, `attention_mask` →
 * `logits` [batch, labels]), in standard opset-17 ops. As in PyTorch: word + learned position embeddings and a
 * LayerNorm; post-norm encoder layers (self-attention with padded keys masked, GELU feed-forward); the first
 * token's final state through `pre_classifier`, ReLU and `classifier`. Weights are lazy initializers in
 * {@link distilbertTensors} order, so a writer can stream each tensor once.
 */
export function buildDistilbertGraph(spec: ClassifierFixtureSpec): GraphBuilder {
  const m = new EncoderGraph(distilbertTensors(spec), spec);
  const { g } = m;
  const inputIds = g.input('input_ids', I64, ['batch_size', 'sequence_length']);
  const attentionMask = g.input('attention_mask', I64, ['batch_size', 'sequence_length']);
  g.output('logits', F32, ['batch_size', spec.labels.length]);

  const words = m.embed('distilbert.embeddings.word_embeddings.weight', inputIds);
  const positions = m.embed('distilbert.embeddings.position_embeddings.weight', m.positionIds(inputIds));
  let x = m.layerNorm(
    g.op('Add', [words, positions], undefined, 'embeds'),
    'distilbert.embeddings.LayerNorm',
  );

  const keep = m.keysToKeep(attentionMask);
  for (let l = 0; l < spec.numLayers; l++) {
    x = m.encoderLayer(x, distilbertLayerNames(l), keep);
  }

  const pooled = g.op('Gather', [x, g.int64([0], [])], { axis: { int: 1 } }, 'pooled');
  const hidden = g.op('Relu', [m.linear(pooled, 'pre_classifier')]);
  m.linear(hidden, 'classifier', 'logits');
  return m.finish();
}
