import type { EncoderLayerNames } from '../weights/encoder-layer-names.js';
import type { LlamaTensorInfo } from '../weights/llama-weights.js';
import { GraphBuilder } from './graph-builder.js';

/** What PyTorch's BERT-family encoders write into masked scores: float32's lowest value, not -inf. */
const MASKED_SCORE = -3.4028234663852886e38;

/** The sizes an encoder graph's helpers need. */
export interface EncoderGraphDims {
  readonly hiddenSize: number;
  readonly numHeads: number;
  readonly layerNormEps: number;
}

/** The HF linear layers (name prefixes) of one self-attention block. */
export interface AttentionLinears {
  readonly query: string;
  readonly key: string;
  readonly value: string;
  readonly output: string;
}

/**
 * Builder helpers shared by the BERT-family encoder graphs (DistilBERT classifier, BERT feature extractor): each
 * HF weight becomes one initializer, used once, in the tensor list's order.
 */
export class EncoderGraph {
  readonly g = new GraphBuilder();
  private readonly shapes: Map<string, readonly number[]>;

  constructor(
    private readonly tensors: readonly LlamaTensorInfo[],
    readonly dims: EncoderGraphDims,
  ) {
    this.shapes = new Map(tensors.map((t) => [t.name, t.shape]));
  }

  private shape(name: string): readonly number[] {
    const shape = this.shapes.get(name);
    if (!shape) throw new Error(`EncoderGraph: unknown weight ${name}.`);
    return shape;
  }

  /** A weight in its own HF layout (embeddings, norms, biases). */
  plain(name: string): string {
    return this.g.weight(name, this.shape(name), { tensor: name, form: 'plain' });
  }

  /** Rows of embedding table `name` for the int64 ids in `ids`. */
  embed(name: string, ids: string): string {
    return this.g.op('Gather', [this.plain(name), ids], { axis: { int: 0 } });
  }

  /** 0..seq-1 for `inputIds` [b, seq]: the learned-position ids both BERT and DistilBERT use. */
  positionIds(inputIds: string): string {
    const { g } = this;
    const seqLen = g.op(
      'Gather',
      [g.op('Shape', [inputIds]), g.int64([1], [])],
      { axis: { int: 0 } },
      'seq_len',
    );
    return g.op('Range', [g.int64([0], []), seqLen, g.int64([1], [])], undefined, 'position_ids');
  }

  /** `attention_mask` [b, s] → a boolean [b, 1, 1, s] that says which keys are real tokens. */
  keysToKeep(attentionMask: string): string {
    const { g } = this;
    const real = g.op('Greater', [attentionMask, g.int64([0], [])], undefined, 'real');
    return g.op('Unsqueeze', [real, g.int64([1, 2])], undefined, 'keep');
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

  /** LayerNormalization (opset 17) over the last axis with HF norm `prefix`; `output` names a graph output. */
  layerNorm(x: string, prefix: string, output?: string): string {
    const { g, dims } = this;
    const attrs = { axis: { int: -1 }, epsilon: { float: dims.layerNormEps } };
    const inputs = [x, this.plain(`${prefix}.weight`), this.plain(`${prefix}.bias`)];
    if (output !== undefined) return g.node('LayerNormalization', inputs, { attrs, outputs: [output] })[0];
    return g.op('LayerNormalization', inputs, attrs, 'ln');
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
    const { g, dims } = this;
    const split = g.op('Reshape', [x, g.int64([0, 0, dims.numHeads, dims.hiddenSize / dims.numHeads])]);
    return g.op('Transpose', [split], { perm: { ints: [0, 2, 1, 3] } }, 'heads');
  }

  /** Bidirectional self-attention through `linears`; `keep` [b, 1, 1, s] masks padded keys. */
  attention(x: string, linears: AttentionLinears, keep: string): string {
    const { g, dims } = this;
    const headDim = dims.hiddenSize / dims.numHeads;
    // DistilBERT scales q before the product; for BERT it is the same number up to rounding.
    const q = g.op('Div', [this.heads(this.linear(x, linears.query)), g.float32([Math.sqrt(headDim)], [])]);
    const k = this.heads(this.linear(x, linears.key));
    const v = this.heads(this.linear(x, linears.value));
    const scores = g.op(
      'MatMul',
      [q, g.op('Transpose', [k], { perm: { ints: [0, 1, 3, 2] } })],
      undefined,
      'scores',
    );
    const masked = g.op('Where', [keep, scores, g.float32([MASKED_SCORE], [])], undefined, 'masked');
    const probs = g.op('Softmax', [masked], { axis: { int: -1 } }, 'probs');
    const context = g.op('Transpose', [g.op('MatMul', [probs, v])], { perm: { ints: [0, 2, 1, 3] } });
    const merged = g.op('Reshape', [context, g.int64([0, 0, dims.hiddenSize])], undefined, 'context');
    return this.linear(merged, linears.output);
  }

  /**
   * One post-norm encoder layer: x + attention → LayerNorm, then x + GELU feed-forward → LayerNorm (named
   * `output` when given, for the graph's last state).
   */
  encoderLayer(x: string, names: EncoderLayerNames, keep: string, output?: string): string {
    const { g } = this;
    const attended = this.layerNorm(
      g.op('Add', [this.attention(x, names, keep), x], undefined, 'resid_attn'),
      names.attentionNorm,
    );
    const ffn = this.linear(this.gelu(this.linear(attended, names.ffnIn)), names.ffnOut);
    return this.layerNorm(g.op('Add', [ffn, attended], undefined, 'resid_ffn'), names.outputNorm, output);
  }

  /** Sorts the lazy initializers into tensor-list order, so a writer can stream each tensor once. */
  finish(): GraphBuilder {
    const order = new Map(this.tensors.map((t, i) => [t.name, i]));
    this.g.lazyInitializers.sort(
      (a, b) => (order.get(a.source.tensor) ?? 0) - (order.get(b.source.tensor) ?? 0),
    );
    return this.g;
  }
}
