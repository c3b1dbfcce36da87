import { type ModelConfig, throwIfAborted } from '@pocketlm/core';
import type { TensorEntry, WeightSource } from '../formats/index.js';
import type { LinearWeight, WeightFormat } from '../weights/linear-weight.js';
import { type LoadContext, loadFloatTensor, loadLinear } from '../weights/load-linear.js';
import type { TensorSpec } from './llama-tensors.js';

/** Addresses of one decoder layer's weights (vectors are f32 addresses; 0 when the family has none). */
export interface LayerWeights {
  inputNorm: number;
  q: LinearWeight;
  k: LinearWeight;
  v: LinearWeight;
  o: LinearWeight;
  qBias: number;
  kBias: number;
  vBias: number;
  postNorm: number;
  gate: LinearWeight;
  up: LinearWeight;
  down: LinearWeight;
}

/** Every weight of a Llama-family model in the kernels' memory. `lmHead` is `embed` when they are tied. */
export interface LlamaWeights {
  embed: LinearWeight;
  layers: LayerWeights[];
  finalNorm: number;
  lmHead: LinearWeight;
}

/** Reads the tensors one by one into the memory (each source buffer is dropped before the next is read). */
export async function loadLlamaWeights(
  ctx: LoadContext,
  config: ModelConfig,
  source: WeightSource,
  specs: TensorSpec[],
  entries: TensorEntry[],
  target: WeightFormat,
  options: { signal?: AbortSignal; onProgress?: (loaded: number, total: number) => void },
): Promise<LlamaWeights> {
  const linears = new Map<string, LinearWeight>();
  const vectors = new Map<string, number>();
  const total = entries.reduce((sum, e) => sum + e.byteLength, 0);
  let loaded = 0;
  for (let i = 0; i < specs.length; i++) {
    throwIfAborted(options.signal);
    const raw = await source.readTensor(specs[i].name, options.signal);
    if (specs[i].role === 'linear') linears.set(specs[i].name, loadLinear(ctx, entries[i], raw, target));
    else vectors.set(specs[i].name, loadFloatTensor(ctx, entries[i], raw));
    loaded += entries[i].byteLength;
    options.onProgress?.(loaded, total);
  }
  const linear = (name: string) => linears.get(name) as LinearWeight;
  const vector = (name: string) => vectors.get(name) ?? 0;
  const layers: LayerWeights[] = [];
  for (let l = 0; l < config.numLayers; l++) {
    const p = `model.layers.${l}`;
    layers.push({
      inputNorm: vector(`${p}.input_layernorm.weight`),
      q: linear(`${p}.self_attn.q_proj.weight`),
      k: linear(`${p}.self_attn.k_proj.weight`),
      v: linear(`${p}.self_attn.v_proj.weight`),
      o: linear(`${p}.self_attn.o_proj.weight`),
      qBias: vector(`${p}.self_attn.q_proj.bias`),
      kBias: vector(`${p}.self_attn.k_proj.bias`),
      vBias: vector(`${p}.self_attn.v_proj.bias`),
      postNorm: vector(`${p}.post_attention_layernorm.weight`),
      gate: linear(`${p}.mlp.gate_proj.weight`),
      up: linear(`${p}.mlp.up_proj.weight`),
      down: linear(`${p}.mlp.down_proj.weight`),
    });
  }
  const embed = linear('model.embed_tokens.weight');
  return {
    embed,
    layers,
    finalNorm: vector('model.norm.weight'),
    lmHead: linears.get('lm_head.weight') ?? embed,
  };
}
