import { type ModelConfig, PocketLMError } from '@pocketlm/core';
import type { TensorEntry, WeightSource } from '../formats/index.js';

/** How one tensor of the model is stored: a matrix the kernels multiply by, or a vector read as f32. */
export interface TensorSpec {
  name: string;
  shape: number[];
  role: 'linear' | 'vector';
}

/** The tensors of one decoder layer, by Hugging Face name, with the optional ones the family may carry. */
export function layerTensorSpecs(config: ModelConfig, layer: number, attentionBias: boolean): TensorSpec[] {
  const { hiddenSize: hidden, numHeads, numKVHeads, headDim, intermediateSize: inter } = config;
  const p = `model.layers.${layer}`;
  const specs: TensorSpec[] = [
    { name: `${p}.input_layernorm.weight`, shape: [hidden], role: 'vector' },
    { name: `${p}.self_attn.q_proj.weight`, shape: [numHeads * headDim, hidden], role: 'linear' },
    { name: `${p}.self_attn.k_proj.weight`, shape: [numKVHeads * headDim, hidden], role: 'linear' },
    { name: `${p}.self_attn.v_proj.weight`, shape: [numKVHeads * headDim, hidden], role: 'linear' },
    { name: `${p}.self_attn.o_proj.weight`, shape: [hidden, numHeads * headDim], role: 'linear' },
    { name: `${p}.post_attention_layernorm.weight`, shape: [hidden], role: 'vector' },
    { name: `${p}.mlp.gate_proj.weight`, shape: [inter, hidden], role: 'linear' },
    { name: `${p}.mlp.up_proj.weight`, shape: [inter, hidden], role: 'linear' },
    { name: `${p}.mlp.down_proj.weight`, shape: [hidden, inter], role: 'linear' },
  ];
  if (!attentionBias) return specs;
  // Qwen2 (and Llama configs with attention_bias) add a bias to the Q, K and V projections.
  return [
    ...specs,
    { name: `${p}.self_attn.q_proj.bias`, shape: [numHeads * headDim], role: 'vector' },
    { name: `${p}.self_attn.k_proj.bias`, shape: [numKVHeads * headDim], role: 'vector' },
    { name: `${p}.self_attn.v_proj.bias`, shape: [numKVHeads * headDim], role: 'vector' },
  ];
}

/** Whether the LM head is the embedding matrix (tied) or its own `lm_head.weight`. */
export function hasOwnLmHead(config: ModelConfig, source: WeightSource): boolean {
  return !config.tieWordEmbeddings && source.tensors.has('lm_head.weight');
}

/** Every tensor the forward pass reads, in load order. */
export function modelTensorSpecs(
  config: ModelConfig,
  source: WeightSource,
  attentionBias: boolean,
): TensorSpec[] {
  const { hiddenSize: hidden, vocabSize } = config;
  const specs: TensorSpec[] = [
    { name: 'model.embed_tokens.weight', shape: [vocabSize, hidden], role: 'linear' },
  ];
  for (let l = 0; l < config.numLayers; l++) specs.push(...layerTensorSpecs(config, l, attentionBias));
  specs.push({ name: 'model.norm.weight', shape: [hidden], role: 'vector' });
  if (hasOwnLmHead(config, source))
    specs.push({ name: 'lm_head.weight', shape: [vocabSize, hidden], role: 'linear' });
  return specs;
}

/** The entry of each spec, checked against config.json: a missing or misshapen tensor is INVALID_MODEL. */
export function checkTensors(specs: TensorSpec[], source: WeightSource, id: string): TensorEntry[] {
  return specs.map((spec) => {
    const entry = source.tensors.get(spec.name);
    if (!entry) {
      throw new PocketLMError('INVALID_MODEL', `${id}: the weights have no tensor ${spec.name}.`, {
        details: { tensor: spec.name },
      });
    }
    if (entry.shape.length !== spec.shape.length || entry.shape.some((d, i) => d !== spec.shape[i])) {
      throw new PocketLMError(
        'INVALID_MODEL',
        `${id}: tensor ${spec.name} is shaped [${entry.shape.join(', ')}], config.json implies [${spec.shape.join(', ')}].`,
        { details: { tensor: spec.name, shape: entry.shape, expected: spec.shape } },
      );
    }
    return entry;
  });
}
