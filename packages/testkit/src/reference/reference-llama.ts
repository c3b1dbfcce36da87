import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inverseFrequencies } from '../onnx/llama-layers.js';
import { readSafetensors } from '../safetensors/read-safetensors.js';
import { q4ReferenceWeights } from './q4-reference-weights.js';

/** The architecture fields the reference forward pass needs (a subset of `config.json`). */
export interface ReferenceLlamaConfig {
  vocabSize: number;
  hiddenSize: number;
  numLayers: number;
  numHeads: number;
  numKVHeads: number;
  headDim: number;
  intermediateSize: number;
  ropeTheta: number;
  rmsNormEps: number;
  tieWordEmbeddings: boolean;
}

/** Where the reference reads float32 weights by HF name ([out, in] for projections); a `SafetensorsFile` is one. */
export interface ReferenceWeights {
  getFloat32(name: string): Float32Array;
}

/** Options of {@link ReferenceLlama.load}. */
export interface ReferenceLoadOptions {
  /**
   * `fp32` (default) computes with the weights of `model.safetensors`; `q4` with the 4-bit dequantized weights
   * the fixture's `onnx/model_q4.onnx` holds (see `q4ReferenceWeights`), so it checks that graph.
   */
  weights?: 'fp32' | 'q4';
}

/** Options of one reference forward pass over a whole sequence (no KV cache). */
export interface ReferenceForwardOptions {
  /** RoPE position of each token; defaults to 0..n-1. */
  positionIds?: readonly number[];
  /** 1 = attend, 0 = padding; defaults to all ones. Same length as the tokens. */
  attentionMask?: readonly number[];
}

/** Score given to masked keys; matches the ONNX graph so fully masked rows agree too. */
const MASKED_SCORE = -1e9;

/** Reads the reference config from a parsed `config.json`. */
export function referenceConfigFromJson(raw: Record<string, unknown>): ReferenceLlamaConfig {
  const num = (key: string): number => {
    const v = raw[key];
    if (typeof v !== 'number') throw new Error(`config.json: "${key}" must be a number.`);
    return v;
  };
  const numHeads = num('num_attention_heads');
  return {
    vocabSize: num('vocab_size'),
    hiddenSize: num('hidden_size'),
    numLayers: num('num_hidden_layers'),
    numHeads,
    numKVHeads: typeof raw.num_key_value_heads === 'number' ? raw.num_key_value_heads : numHeads,
    headDim: typeof raw.head_dim === 'number' ? raw.head_dim : num('hidden_size') / numHeads,
    intermediateSize: num('intermediate_size'),
    ropeTheta: typeof raw.rope_theta === 'number' ? raw.rope_theta : 10000,
    rmsNormEps: typeof raw.rms_norm_eps === 'number' ? raw.rms_norm_eps : 1e-6,
    tieWordEmbeddings: raw.tie_word_embeddings !== false,
  };
}

/** y[o] = Σ_i x[i] * W[o, i] for W in HF [out, in] layout, accumulated in double, stored as float32. */
function linear(x: Float32Array, w: Float32Array, outDim: number): Float32Array {
  const inDim = x.length;
  const y = new Float32Array(outDim);
  for (let o = 0; o < outDim; o++) {
    let acc = 0;
    const base = o * inDim;
    for (let i = 0; i < inDim; i++) acc += x[i] * w[base + i];
    y[o] = acc;
  }
  return y;
}

function rmsNorm(x: Float32Array, weight: Float32Array, eps: number): Float32Array {
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += x[i] * x[i];
  const rms = Math.fround(Math.sqrt(Math.fround(Math.fround(sum / x.length) + eps)));
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = Math.fround(x[i] / rms) * weight[i];
  return out;
}

/**
 * A plain-JS Llama forward pass over float32 weights (read from `model.safetensors`, or the q4 dequantized ones):
 * straightforward loops, no KV cache, no batching. It is the independent check that the ONNX graphs (and every
 * backend) compute Llama.
 */
export class ReferenceLlama {
  private readonly invFreq: Float32Array;
  private readonly cache = new Map<string, Float32Array>();

  constructor(
    readonly config: ReferenceLlamaConfig,
    private readonly weights: ReferenceWeights,
  ) {
    this.invFreq = inverseFrequencies(config);
  }

  /** Loads `config.json` and `model.safetensors` from a fixture directory. */
  static async load(dir: string, options: ReferenceLoadOptions = {}): Promise<ReferenceLlama> {
    const raw = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')) as Record<string, unknown>;
    const config = referenceConfigFromJson(raw);
    const weights = await readSafetensors(join(dir, 'model.safetensors'));
    if (options.weights === 'q4') {
      const q4 = q4ReferenceWeights(config, weights);
      return new ReferenceLlama(q4.config, q4.weights);
    }
    return new ReferenceLlama(config, weights);
  }

  private w(name: string): Float32Array {
    let t = this.cache.get(name);
    if (!t) {
      t = this.weights.getFloat32(name);
      this.cache.set(name, t);
    }
    return t;
  }

  /** Rotates each head of `x` ([heads * headDim]) in place by the HF rotate_half convention. */
  private rope(x: Float32Array, heads: number, position: number): void {
    const d = this.config.headDim;
    const half = d / 2;
    for (let i = 0; i < half; i++) {
      const angle = Math.fround(position * this.invFreq[i]);
      const c = Math.fround(Math.cos(angle));
      const s = Math.fround(Math.sin(angle));
      for (let h = 0; h < heads; h++) {
        const a = x[h * d + i];
        const b = x[h * d + i + half];
        x[h * d + i] = a * c - b * s;
        x[h * d + i + half] = b * c + a * s;
      }
    }
  }

  /** Logits for every position, row-major [tokens.length, vocabSize]. */
  forward(tokens: readonly number[], options: ReferenceForwardOptions = {}): Float32Array {
    const cfg = this.config;
    const n = tokens.length;
    const positions = options.positionIds ?? tokens.map((_, i) => i);
    const mask = options.attentionMask ?? tokens.map(() => 1);
    const { hiddenSize: hid, headDim: hd, numHeads, numKVHeads, intermediateSize } = cfg;
    const rep = numHeads / numKVHeads;
    const embed = this.w('model.embed_tokens.weight');
    let xs = tokens.map((t) => embed.slice(t * hid, (t + 1) * hid));

    for (let l = 0; l < cfg.numLayers; l++) {
      const p = `model.layers.${l}`;
      const normed = xs.map((x) => rmsNorm(x, this.w(`${p}.input_layernorm.weight`), cfg.rmsNormEps));
      const qs = normed.map((h, i) => {
        const q = linear(h, this.w(`${p}.self_attn.q_proj.weight`), numHeads * hd);
        this.rope(q, numHeads, positions[i]);
        return q;
      });
      const ks = normed.map((h, i) => {
        const k = linear(h, this.w(`${p}.self_attn.k_proj.weight`), numKVHeads * hd);
        this.rope(k, numKVHeads, positions[i]);
        return k;
      });
      const vs = normed.map((h) => linear(h, this.w(`${p}.self_attn.v_proj.weight`), numKVHeads * hd));
      const scale = Math.fround(1 / Math.sqrt(hd));
      xs = xs.map((x, i) => {
        const ctx = new Float32Array(numHeads * hd);
        const scores = new Float64Array(n);
        for (let h = 0; h < numHeads; h++) {
          const kvh = Math.floor(h / rep);
          let max = Number.NEGATIVE_INFINITY;
          for (let j = 0; j < n; j++) {
            let dot = 0;
            for (let e = 0; e < hd; e++) dot += qs[i][h * hd + e] * ks[j][kvh * hd + e];
            scores[j] = j <= i && mask[j] !== 0 ? Math.fround(Math.fround(dot) * scale) : MASKED_SCORE;
            max = Math.max(max, scores[j]);
          }
          let total = 0;
          for (let j = 0; j < n; j++) {
            scores[j] = Math.exp(scores[j] - max);
            total += scores[j];
          }
          for (let e = 0; e < hd; e++) {
            let acc = 0;
            for (let j = 0; j < n; j++) acc += (scores[j] / total) * vs[j][kvh * hd + e];
            ctx[h * hd + e] = acc;
          }
        }
        const o = linear(ctx, this.w(`${p}.self_attn.o_proj.weight`), hid);
        const out = new Float32Array(hid);
        for (let e = 0; e < hid; e++) out[e] = x[e] + o[e];
        return out;
      });
      xs = xs.map((x) => {
        const h = rmsNorm(x, this.w(`${p}.post_attention_layernorm.weight`), cfg.rmsNormEps);
        const gate = linear(h, this.w(`${p}.mlp.gate_proj.weight`), intermediateSize);
        const up = linear(h, this.w(`${p}.mlp.up_proj.weight`), intermediateSize);
        const act = new Float32Array(intermediateSize);
        for (let e = 0; e < intermediateSize; e++) act[e] = (gate[e] / (1 + Math.exp(-gate[e]))) * up[e];
        const down = linear(act, this.w(`${p}.mlp.down_proj.weight`), hid);
        const out = new Float32Array(hid);
        for (let e = 0; e < hid; e++) out[e] = x[e] + down[e];
        return out;
      });
    }

    const head = cfg.tieWordEmbeddings ? embed : this.w('lm_head.weight');
    const logits = new Float32Array(n * cfg.vocabSize);
    xs.forEach((x, i) => {
      logits.set(
        linear(rmsNorm(x, this.w('model.norm.weight'), cfg.rmsNormEps), head, cfg.vocabSize),
        i * cfg.vocabSize,
      );
    });
    return logits;
  }
}
