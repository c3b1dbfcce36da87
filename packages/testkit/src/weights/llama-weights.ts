import type { FixtureSpec } from '../fixtures/fixture-specs.js';
import { SeededRandom } from '../random/seeded-random.js';

/** How a tensor's values are drawn. */
type TensorInit =
  | { kind: 'normal'; std: number }
  /** Norm gains: 1 + N(0, std), so every norm is a little different but close to identity. */
  | { kind: 'gain'; std: number };

/** One weight tensor of a Llama model, in Hugging Face naming and layout ([out, in] for projections). */
export interface LlamaTensorInfo {
  readonly name: string;
  readonly shape: readonly number[];
  readonly init: TensorInit;
}

/** Target standard deviation of the logits; the embedding scale is derived from it (see below). */
const TARGET_LOGIT_STD = 3;
const GAIN_STD = 0.05;

/** The Hugging Face name of a per-layer tensor, e.g. `model.layers.3.self_attn.q_proj.weight`. */
export function layerTensorName(layer: number, suffix: string): string {
  return `model.layers.${layer}.${suffix}`;
}

/**
 * Every weight of the model, in file order, with shapes and how each is initialized.
 *
 * Scales: projections are N(0, 1/fan_in) so each sublayer keeps unit RMS. The embedding std is
 * TARGET_LOGIT_STD / sqrt(hidden): the final RMSNorm gives the hidden state unit RMS, so a tied LM head
 * produces logits with std ≈ TARGET_LOGIT_STD, a real spread that makes greedy decoding decisive.
 */
export function llamaTensors(spec: FixtureSpec): LlamaTensorInfo[] {
  const { hiddenSize: h, intermediateSize: inter, numHeads, numKVHeads, headDim } = spec;
  const qDim = numHeads * headDim;
  const kvDim = numKVHeads * headDim;
  const proj = (fanIn: number): TensorInit => ({ kind: 'normal', std: 1 / Math.sqrt(fanIn) });
  const gain: TensorInit = { kind: 'gain', std: GAIN_STD };
  const embedStd = TARGET_LOGIT_STD / Math.sqrt(h);
  const out: LlamaTensorInfo[] = [
    {
      name: 'model.embed_tokens.weight',
      shape: [spec.vocabSize, h],
      init: { kind: 'normal', std: embedStd },
    },
  ];
  for (let l = 0; l < spec.numLayers; l++) {
    const t = (suffix: string, shape: number[], init: TensorInit) =>
      out.push({ name: layerTensorName(l, suffix), shape, init });
    t('input_layernorm.weight', [h], gain);
    t('self_attn.q_proj.weight', [qDim, h], proj(h));
    t('self_attn.k_proj.weight', [kvDim, h], proj(h));
    t('self_attn.v_proj.weight', [kvDim, h], proj(h));
    t('self_attn.o_proj.weight', [h, qDim], proj(qDim));
    t('post_attention_layernorm.weight', [h], gain);
    t('mlp.gate_proj.weight', [inter, h], proj(h));
    t('mlp.up_proj.weight', [inter, h], proj(h));
    t('mlp.down_proj.weight', [h, inter], proj(inter));
  }
  out.push({ name: 'model.norm.weight', shape: [h], init: gain });
  if (!spec.tieWordEmbeddings) {
    out.push({ name: 'lm_head.weight', shape: [spec.vocabSize, h], init: { kind: 'normal', std: embedStd } });
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
export function generateTensor(spec: FixtureSpec, info: LlamaTensorInfo): Float32Array {
  const rng = SeededRandom.forStream(spec.seed, info.name);
  const data = new Float32Array(elementCount(info.shape));
  if (info.init.kind === 'gain') return rng.fillNormal(data, info.init.std, 1);
  return rng.fillNormal(data, info.init.std);
}
