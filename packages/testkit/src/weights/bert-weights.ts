import type { EncoderFixtureSpec } from '../fixtures/encoder-fixture-spec.js';
import { QK_SCALE } from './distilbert-weights.js';
import { BERT_LAYER_SUFFIXES, type EncoderLayerNames, encoderLayerNames } from './encoder-layer-names.js';
import { EncoderTensorList } from './encoder-tensor-list.js';
import type { LlamaTensorInfo } from './llama-weights.js';

/** The Hugging Face names of BERT layer `layer`'s tensors, e.g. `encoder.layer.1.attention.self.query`. */
export function bertLayerNames(layer: number): EncoderLayerNames {
  return encoderLayerNames(`encoder.layer.${layer}`, BERT_LAYER_SUFFIXES);
}

/**
 * Every weight a BertModel's `last_hidden_state` depends on, in the order PyTorch registers them, with the names a
 * saved BertModel has (no `bert.` prefix) and [out, in] linear shapes. The pooler (`pooler.dense`) is left out:
 * the feature-extraction export does not use it. Inits follow the DistilBERT fixture.
 */
export function bertTensors(spec: EncoderFixtureSpec): LlamaTensorInfo[] {
  const { hiddenSize: d, intermediateSize: ff } = spec;
  const list = new EncoderTensorList(d);
  list.add('embeddings.word_embeddings.weight', [spec.vocabSize, d], { kind: 'normal', std: 1 });
  list.add('embeddings.position_embeddings.weight', [spec.maxPositionEmbeddings, d], {
    kind: 'normal',
    std: 0.5,
  });
  list.add('embeddings.token_type_embeddings.weight', [spec.typeVocabSize, d], { kind: 'normal', std: 0.5 });
  list.layerNorm('embeddings.LayerNorm');
  for (let l = 0; l < spec.numLayers; l++) {
    list.encoderLayer(bertLayerNames(l), ff, QK_SCALE);
  }
  return list.tensors;
}
