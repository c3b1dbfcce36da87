import type { EncoderFixtureSpec } from '../fixtures/encoder-fixture-spec.js';
import { QK_SCALE } from './distilbert-weights.js';
import { EncoderTensorList } from './encoder-tensor-list.js';
import type { LlamaTensorInfo } from './llama-weights.js';

/** The Hugging Face name of a tensor of BERT layer `layer`, e.g. `encoder.layer.1.attention.self.query.weight`. */
export function bertLayerTensorName(layer: number, suffix: string): string {
  return `encoder.layer.${layer}.${suffix}`;
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
    const name = (suffix: string) => bertLayerTensorName(l, suffix);
    list.linear(name('attention.self.query'), d, d, QK_SCALE);
    list.linear(name('attention.self.key'), d, d, QK_SCALE);
    list.linear(name('attention.self.value'), d, d);
    list.linear(name('attention.output.dense'), d, d);
    list.layerNorm(name('attention.output.LayerNorm'));
    list.linear(name('intermediate.dense'), ff, d);
    list.linear(name('output.dense'), d, ff);
    list.layerNorm(name('output.LayerNorm'));
  }
  return list.tensors;
}
