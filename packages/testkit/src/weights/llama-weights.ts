import type { FixtureSpec } from '../fixtures/fixture-specs.js';
import { SeededRandom } from '../random/seeded-random.js';

/** How a tensor's values are drawn. */
export type TensorInit =
  /** N(0, std); rows from `zeroRowsFrom` on are zero (embedding padding past the tokenizer's vocabulary). */
  | { kind: 'normal'; std: number; zeroRowsFrom?: number }
  /** Norm gains: mean + N(0, std), so every norm is a little different. */
  | { kind: 'gain'; mean: number; std: number };

/** One weight tensor of a Llama model, in Hugging Face naming and layout ([out, in] for projections). */
export interface LlamaTensorInfo {
  readonly name: string;
  readonly shape: readonly number[];
  readonly init: TensorInit;
}

/** Target standard deviation of the logits, reached through the final norm's gain (see `llamaTensors`). */
const TARGET_LOGIT_STD = 3;
/** Spread of the norm gains around their mean. */
const GAIN_STD = 0.05;
/** Multiplier on the q/k projections: sharper attention makes the output depend on the context. */
const QK_SCALE = 2;

/** The Hugging Face name of a per-layer tensor, e.g. `model.layers.3.self_attn.q_proj.weight`. */
export function layerTensorName(layer: number, suffix: string): string {
  return `model.layers.${layer}.${suffix}`;
}

/**
 * Every weight of the model, in file order, with shapes and how each is initialized.
 *
 * Scales: projections are N(0, 1/fan_in) so each sublayer keeps unit RMS (q/k get QK_SCALE more, for
 * attention that actually selects). Embedding rows have unit norm (std 1/sqrt(hidden)) and the final norm's
 * gain is ≈ TARGET_LOGIT_STD, so the tied LM head gives logits with std ≈ TARGET_LOGIT_STD: a real spread, so
 * greedy decoding is decisive. Keeping the embedding small next to the layer outputs matters with tied weights:
 * with large embeddings the current token's own embedding dominates the final state and greedy decoding
 * collapses into repeating one token.
 */
export function llamaTensors(spec: FixtureSpec): LlamaTensorInfo[] {
  const { hiddenSize: h, intermediateSize: inter, numHeads, numKVHeads, headDim } = spec;
  const qDim = numHeads * headDim;
  const kvDim = numKVHeads * headDim;
  const proj = (fanIn: number, scale = 1): TensorInit => ({ kind: 'normal', std: scale / Math.sqrt(fanIn) });
  const gain: TensorInit = { kind: 'gain', mean: 1, std: GAIN_STD };
  const finalGain: TensorInit = { kind: 'gain', mean: TARGET_LOGIT_STD, std: GAIN_STD * TARGET_LOGIT_STD };
  // Padded rows are zero, so their logit is exactly 0: never the greedy pick, rarely sampled.
  const embedInit: TensorInit = {
    kind: 'normal',
    std: 1 / Math.sqrt(h),
    zeroRowsFrom: spec.tokenizerVocabSize,
  };
  const out: LlamaTensorInfo[] = [
    {
      name: 'model.embed_tokens.weight',
      shape: [spec.vocabSize, h],
      init: embedInit,
    },
  ];
  for (let l = 0; l < spec.numLayers; l++) {
    const t = (suffix: string, shape: number[], init: TensorInit) =>
      out.push({ name: layerTensorName(l, suffix), shape, init });
    t('input_layernorm.weight', [h], gain);
    t('self_attn.q_proj.weight', [qDim, h], proj(h, QK_SCALE));
    t('self_attn.k_proj.weight', [kvDim, h], proj(h, QK_SCALE));
    t('self_attn.v_proj.weight', [kvDim, h], proj(h));
    t('self_attn.o_proj.weight', [h, qDim], proj(qDim));
    t('post_attention_layernorm.weight', [h], gain);
    t('mlp.gate_proj.weight', [inter, h], proj(h));
    t('mlp.up_proj.weight', [inter, h], proj(h));
    t('mlp.down_proj.weight', [h, inter], proj(inter));
  }
  out.push({ name: 'model.norm.weight', shape: [h], init: finalGain });
  if (!spec.tieWordEmbeddings) {
    out.push({ name: 'lm_head.weight', shape: [spec.vocabSize, h], init: embedInit });
  }
  return out;
}

/** Number of elements of a shape. */
export function elementCount(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/**
 * The values of one tensor. Each tensor draws from its own stream (seed, name), so any tensor can be
 * regenerated alone, in any order, and every format gets exactly the same numbers.
 */
export function generateTensor(spec: Pick<FixtureSpec, 'seed'>, info: LlamaTensorInfo): Float32Array {
  const rng = SeededRandom.forStream(spec.seed, info.name);
  const data = new Float32Array(elementCount(info.shape));
  if (info.init.kind === 'gain') return rng.fillNormal(data, info.init.std, info.init.mean);
  rng.fillNormal(data, info.init.std);
  if (info.init.zeroRowsFrom !== undefined && info.init.zeroRowsFrom < info.shape[0]) {
    data.fill(0, info.init.zeroRowsFrom * info.shape[1]);
  }
  return data;
}
