import type { ClassifierFixtureSpec } from '../fixtures/classifier-fixture-spec.js';
import { distilbertLayerTensorName, distilbertTensors } from '../weights/distilbert-weights.js';
import { GraphBuilder } from './graph-builder.js';
import { onnx } from './onnx-proto.js';

const I64 = onnx.TensorProto.DataType.INT64;
const F32 = onnx.TensorProto.DataType.FLOAT;

/** What PyTorch's DistilBERT writes into masked scores: float32's lowest value, not -inf. */
const MASKED_SCORE = -3.4028234663852886e38;

/** The classifier graph's builder helpers: each HF weight becomes one initializer, used once. */
class DistilbertGraph {
  readonly g = new GraphBuilder();
  private readonly shapes: Map<string, readonly number[]>;

  constructor(readonly spec: ClassifierFixtureSpec) {
    this.shapes = new Map(distilbertTensors(spec).map((t) => [t.name, t.shape]));
  }

  private shape(name: string): readonly number[] {
    const shape = this.shapes.get(name);
    if (!shape) throw new Error(`buildDistilbertGraph: unknown weight ${name}.`);
    return shape;
  }

  /** A weight in its own HF layout (embeddings, norms, biases). */
  plain(name: string): string {
    return this.g.weight(name, this.shape(name), { tensor: name, form: 'plain' });
  }

  /** x [..., in] → [..., out] through HF linear `prefix` (weight stored transposed, then the bias). */
  linear(x: string, prefix: string, output?: string): string {
    const [rows, cols] = this.shape(`${prefix}.weight`);
    const w = this.g.weight(`${prefix}.weight.T`, [cols, rows], {
      tensor: `${prefix}.weight`,
      form: 'transposed',
    });
    const product = this.g.op('MatMul', [x, w], undefined, 'linear');
    const outputs = output === undefined ? 1 : [output];
    return this.g.node('Add', [product, this.plain(`${prefix}.bias`)], { outputs, prefix: 'linear_b' })[0];
  }

  /** LayerNormalization (opset 17) over the last axis with HF norm `prefix`. */
  layerNorm(x: string, prefix: string): string {
    const { g, spec } = this;
    const attrs = { axis: { int: -1 }, epsilon: { float: spec.layerNormEps } };
    return g.op(
      'LayerNormalization',
      [x, this.plain(`${prefix}.weight`), this.plain(`${prefix}.bias`)],
      attrs,
      'ln',
    );
  }

  /** Exact GELU, 0.5 * x * (1 + erf(x / sqrt(2))): opset 17 has no Gelu op. */
  gelu(x: string): string {
    const { g } = this;
    const erf = g.op('Erf', [g.op('Mul', [x, g.float32([Math.SQRT1_2], [])])], undefined, 'erf');
    const half = g.op('Mul', [x, g.float32([0.5], [])], undefined, 'half_x');
    return g.op('Mul', [half, g.op('Add', [erf, g.float32([1], [])])], undefined, 'gelu');
  }

  /** [b, s, d] → [b, heads, s, headDim]. */
  private heads(x: string): string {
    const { g, spec } = this;
    const split = g.op('Reshape', [x, g.int64([0, 0, spec.numHeads, spec.hiddenSize / spec.numHeads])]);
    return g.op('Transpose', [split], { perm: { ints: [0, 2, 1, 3] } }, 'heads');
  }

  /** DistilBERT's bidirectional self-attention; `keep` [b, 1, 1, s] says which keys are real tokens. */
  attention(x: string, layer: number, keep: string): string {
    const { g, spec } = this;
    const p = (name: string) => distilbertLayerTensorName(layer, `attention.${name}`);
    const headDim = spec.hiddenSize / spec.numHeads;
    // PyTorch scales q before the product, not the scores; same order here.
    const q = g.op('Div', [this.heads(this.linear(x, p('q_lin'))), g.float32([Math.sqrt(headDim)], [])]);
    const k = this.heads(this.linear(x, p('k_lin')));
    const v = this.heads(this.linear(x, p('v_lin')));
    const scores = g.op(
      'MatMul',
      [q, g.op('Transpose', [k], { perm: { ints: [0, 1, 3, 2] } })],
      undefined,
      'scores',
    );
    const masked = g.op('Where', [keep, scores, g.float32([MASKED_SCORE], [])], undefined, 'masked');
    const probs = g.op('Softmax', [masked], { axis: { int: -1 } }, 'probs');
    const context = g.op('Transpose', [g.op('MatMul', [probs, v])], { perm: { ints: [0, 2, 1, 3] } });
    const merged = g.op('Reshape', [context, g.int64([0, 0, spec.hiddenSize])], undefined, 'context');
    return this.linear(merged, p('out_lin'));
  }
}

/**
 * Builds the graph of a DistilBertForSequenceClassification with Optimum's I/O (`input_ids`, `attention_mask` →
 * `logits` [batch, labels]), in standard opset-17 ops. As in PyTorch: word + learned position embeddings and a
 * LayerNorm; post-norm encoder layers (self-attention with padded keys masked, GELU feed-forward); the first
 * token's final state through `pre_classifier`, ReLU and `classifier`. Weights are lazy initializers in
 * {@link distilbertTensors} order, so a writer can stream each tensor once.
 */
export function buildDistilbertGraph(spec: ClassifierFixtureSpec): GraphBuilder {
  const m = new DistilbertGraph(spec);
  const { g } = m;
  const inputIds = g.input('input_ids', I64, ['batch_size', 'sequence_length']);
  const attentionMask = g.input('attention_mask', I64, ['batch_size', 'sequence_length']);
  g.output('logits', F32, ['batch_size', spec.labels.length]);

  const words = g.op('Gather', [m.plain('distilbert.embeddings.word_embeddings.weight'), inputIds], {
    axis: { int: 0 },
  });
  const seqLen = g.op(
    'Gather',
    [g.op('Shape', [inputIds]), g.int64([1], [])],
    { axis: { int: 0 } },
    'seq_len',
  );
  const positionIds = g.op('Range', [g.int64([0], []), seqLen, g.int64([1], [])], undefined, 'position_ids');
  const positions = g.op(
    'Gather',
    [m.plain('distilbert.embeddings.position_embeddings.weight'), positionIds],
    {
      axis: { int: 0 },
    },
  );
  let x = m.layerNorm(
    g.op('Add', [words, positions], undefined, 'embeds'),
    'distilbert.embeddings.LayerNorm',
  );

  const real = g.op('Greater', [attentionMask, g.int64([0], [])], undefined, 'real');
  const keep = g.op('Unsqueeze', [real, g.int64([1, 2])], undefined, 'keep');
  for (let l = 0; l < spec.numLayers; l++) {
    const name = (suffix: string) => distilbertLayerTensorName(l, suffix);
    x = m.layerNorm(
      g.op('Add', [m.attention(x, l, keep), x], undefined, 'resid_attn'),
      name('sa_layer_norm'),
    );
    const ffn = m.linear(m.gelu(m.linear(x, name('ffn.lin1'))), name('ffn.lin2'));
    x = m.layerNorm(g.op('Add', [ffn, x], undefined, 'resid_ffn'), name('output_layer_norm'));
  }

  const pooled = g.op('Gather', [x, g.int64([0], [])], { axis: { int: 1 } }, 'pooled');
  const hidden = g.op('Relu', [m.linear(pooled, 'pre_classifier')]);
  m.linear(hidden, 'classifier', 'logits');

  const order = new Map(distilbertTensors(spec).map((t, i) => [t.name, i]));
  g.lazyInitializers.sort((a, b) => (order.get(a.source.tensor) ?? 0) - (order.get(b.source.tensor) ?? 0));
  return g;
}
