import type { EncoderFixtureSpec } from '../fixtures/encoder-fixture-spec.js';
import { bertLayerNames, bertTensors } from '../weights/bert-weights.js';
import { EncoderGraph } from './encoder-graph.js';
import type { GraphBuilder } from './graph-builder.js';
import { onnx } from './onnx-proto.js';

const I64 = onnx.TensorProto.DataType.INT64;
const F32 = onnx.TensorProto.DataType.FLOAT;

/**
 * Builds the graph of a BertModel with Optimum's `feature-extraction` I/O (`input_ids`, `attention_mask`,
 * `token_type_ids` → `last_hidden_state` [batch, sequence, hidden]), in standard opset-17 ops. As in PyTorch:
 * word + token-type + learned position embeddings and a LayerNorm; post-norm layers (bidirectional self-attention
 * with padded keys masked, GELU feed-forward). Weights are lazy initializers in {@link bertTensors} order.
 */
export function buildBertGraph(spec: EncoderFixtureSpec): GraphBuilder {
  const m = new EncoderGraph(bertTensors(spec), spec);
  const { g } = m;
  const dims = ['batch_size', 'sequence_length'];
  const inputIds = g.input('input_ids', I64, dims);
  const attentionMask = g.input('attention_mask', I64, dims);
  const tokenTypeIds = g.input('token_type_ids', I64, dims);
  g.output('last_hidden_state', F32, [...dims, spec.hiddenSize]);

  // HF's order: (words + token types) + positions.
  const words = m.embed('embeddings.word_embeddings.weight', inputIds);
  const positions = m.embed('embeddings.position_embeddings.weight', m.positionIds(inputIds));
  const types = m.embed('embeddings.token_type_embeddings.weight', tokenTypeIds);
  const embeds = g.op('Add', [g.op('Add', [words, types]), positions], undefined, 'embeds');
  let x = m.layerNorm(embeds, 'embeddings.LayerNorm');

  const keep = m.keysToKeep(attentionMask);
  for (let l = 0; l < spec.numLayers; l++) {
    const last = l === spec.numLayers - 1 ? 'last_hidden_state' : undefined;
    x = m.encoderLayer(x, bertLayerNames(l), keep, last);
  }
  return m.finish();
}
