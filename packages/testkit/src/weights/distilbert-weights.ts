import type { ClassifierFixtureSpec } from '../fixtures/classifier-fixture-spec.js';
import type { LlamaTensorInfo, TensorInit } from './llama-weights.js';

/** Spread of LayerNorm gains around 1 and of every bias around 0. */
const GAIN_STD = 0.05;
const BIAS_STD = 0.05;
/** Multiplier on the q/k projections: sharper attention makes the pooled state depend on the text. */
const QK_SCALE = 2;
/**
 * Multiplier on the classification head: with plain 1/sqrt(fan_in) weights the two logits differ by about 1 and
 * every text scores near 0.5; this spreads the probabilities over most of (0, 1), so thresholds have work to do.
 */
const HEAD_SCALE = 4;

/** The Hugging Face name of a tensor of encoder layer `layer`, e.g. `distilbert.transformer.layer.1.ffn.lin1.weight`. */
export function distilbertLayerTensorName(layer: number, suffix: string): string {
  return `distilbert.transformer.layer.${layer}.${suffix}`;
}

/**
 * Every weight of a DistilBertForSequenceClassification, in the order PyTorch registers them, with HF names and
 * shapes ([out, in] for linear layers). Embeddings are N(0, 1) (positions N(0, 0.5), so token identity dominates)
 * and normalized right away; linear layers are N(0, 1/fan_in) so each sublayer keeps unit scale.
 */
export function distilbertTensors(spec: ClassifierFixtureSpec): LlamaTensorInfo[] {
  const { hiddenSize: d, intermediateSize: ff } = spec;
  const out: LlamaTensorInfo[] = [];
  const add = (name: string, shape: number[], init: TensorInit) => out.push({ name, shape, init });
  const linear = (prefix: string, outDim: number, inDim: number, scale = 1) => {
    add(`${prefix}.weight`, [outDim, inDim], { kind: 'normal', std: scale / Math.sqrt(inDim) });
    add(`${prefix}.bias`, [outDim], { kind: 'normal', std: BIAS_STD });
  };
  const layerNorm = (prefix: string) => {
    add(`${prefix}.weight`, [d], { kind: 'gain', mean: 1, std: GAIN_STD });
    add(`${prefix}.bias`, [d], { kind: 'normal', std: BIAS_STD });
  };

  add('distilbert.embeddings.word_embeddings.weight', [spec.vocabSize, d], { kind: 'normal', std: 1 });
  add('distilbert.embeddings.position_embeddings.weight', [spec.maxPositionEmbeddings, d], {
    kind: 'normal',
    std: 0.5,
  });
  layerNorm('distilbert.embeddings.LayerNorm');
  for (let l = 0; l < spec.numLayers; l++) {
    const name = (suffix: string) => distilbertLayerTensorName(l, suffix);
    linear(name('attention.q_lin'), d, d, QK_SCALE);
    linear(name('attention.k_lin'), d, d, QK_SCALE);
    linear(name('attention.v_lin'), d, d);
    linear(name('attention.out_lin'), d, d);
    layerNorm(name('sa_layer_norm'));
    linear(name('ffn.lin1'), ff, d);
    linear(name('ffn.lin2'), d, ff);
    layerNorm(name('output_layer_norm'));
  }
  linear('pre_classifier', d, d);
  linear('classifier', spec.labels.length, d, HEAD_SCALE);
  return out;
}
