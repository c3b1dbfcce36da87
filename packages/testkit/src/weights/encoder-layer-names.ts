/** The HF tensor-name prefixes of one post-norm encoder layer, the same in BERT and DistilBERT but for names. */
export interface EncoderLayerNames {
  readonly query: string;
  readonly key: string;
  readonly value: string;
  readonly output: string;
  readonly attentionNorm: string;
  readonly ffnIn: string;
  readonly ffnOut: string;
  readonly outputNorm: string;
}

/** Layer `layer`'s names: `prefix` of the layer, then the architecture's suffix for each part. */
export function encoderLayerNames(layerPrefix: string, suffixes: EncoderLayerNames): EncoderLayerNames {
  const out = {} as Record<keyof EncoderLayerNames, string>;
  for (const [key, suffix] of Object.entries(suffixes)) {
    out[key as keyof EncoderLayerNames] = `${layerPrefix}.${suffix}`;
  }
  return out;
}

export const BERT_LAYER_SUFFIXES: EncoderLayerNames = {
  query: 'attention.self.query',
  key: 'attention.self.key',
  value: 'attention.self.value',
  output: 'attention.output.dense',
  attentionNorm: 'attention.output.LayerNorm',
  ffnIn: 'intermediate.dense',
  ffnOut: 'output.dense',
  outputNorm: 'output.LayerNorm',
};

export const DISTILBERT_LAYER_SUFFIXES: EncoderLayerNames = {
  query: 'attention.q_lin',
  key: 'attention.k_lin',
  value: 'attention.v_lin',
  output: 'attention.out_lin',
  attentionNorm: 'sa_layer_norm',
  ffnIn: 'ffn.lin1',
  ffnOut: 'ffn.lin2',
  outputNorm: 'output_layer_norm',
};
