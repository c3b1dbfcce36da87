import type { ClassifierFixtureSpec } from '../fixtures/classifier-fixture-spec.js';
import {
  DISTILBERT_LAYER_SUFFIXES,
  type EncoderLayerNames,
  encoderLayerNames,
} from './encoder-layer-names.js';
import { EncoderTensorList } from './encoder-tensor-list.js';
import type { LlamaTensorInfo } from './llama-weights.js';

/** Multiplier on the q/k projections: sharper attention makes the pooled state depend on the text. */
export const QK_SCALE = 2;
/**
 * Multiplier on the classification head: with plain 1/sqrt(fan_in) weights the two logits differ by about 1 and
 * every text scores near 0.5; this spreads the probabilities over most of (0, 1), so thresholds have work to do.
 */
const HEAD_SCALE = 4;

/** The Hugging Face names of encoder layer `layer`'s tensors, e.g. `distilbert.transformer.layer.1.ffn.lin1`. */
export function distilbertLayerNames(layer: number): EncoderLayerNames {
  return encoderLayerNames(`distilbert.transformer.layer.${layer}`, DISTILBERT_LAYER_SUFFIXES);
}

/**
 * Every weight of a DistilBertForSequenceClassification, in the order PyTorch registers them, with HF names and
 * shapes ([out, in] for linear layers). Embeddings are N(0, 1) (positions N(0, 0.5), so token identity dominates)
 * and normalized right away; linear layers are N(0, 1/fan_in) so each sublayer keeps unit scale.
 */
export function distilbertTensors(spec: ClassifierFixtureSpec): LlamaTensorInfo[] {
  const { hiddenSize: d, intermediateSize: ff } = spec;
  const list = new EncoderTensorList(d);
  list.add('distilbert.embeddings.word_embeddings.weight', [spec.vocabSize, d], { kind: 'normal', std: 1 });
  list.add('distilbert.embeddings.position_embeddings.weight', [spec.maxPositionEmbeddings, d], {
    kind: 'normal',
    std: 0.5,
  });
  list.layerNorm('distilbert.embeddings.LayerNorm');
  for (let l = 0; l < spec.numLayers; l++) {
    list.encoderLayer(distilbertLayerNames(l), ff, QK_SCALE);
  }
  list.linear('pre_classifier', d, d);
  list.linear('classifier', spec.labels.length, d, HEAD_SCALE);
  return list.tensors;
}
