import type { EncoderLayerNames } from './encoder-layer-names.js';
import type { LlamaTensorInfo, TensorInit } from './llama-weights.js';

/** Spread of LayerNorm gains around 1 and of every bias around 0. */
const GAIN_STD = 0.05;
const BIAS_STD = 0.05;

/**
 * Collects the weights of a BERT-family encoder in registration order, with the inits both encoder fixtures use:
 * linear layers N(0, scale²/fan_in) so each sublayer keeps unit scale, biases N(0, 0.05²), LayerNorm gains near 1.
 */
export class EncoderTensorList {
  readonly tensors: LlamaTensorInfo[] = [];

  constructor(private readonly hiddenSize: number) {}

  add(name: string, shape: number[], init: TensorInit): void {
    this.tensors.push({ name, shape, init });
  }

  /** HF linear `prefix`: weight [out, in], then bias [out]. */
  linear(prefix: string, outDim: number, inDim: number, scale = 1): void {
    this.add(`${prefix}.weight`, [outDim, inDim], { kind: 'normal', std: scale / Math.sqrt(inDim) });
    this.add(`${prefix}.bias`, [outDim], { kind: 'normal', std: BIAS_STD });
  }

  /** HF LayerNorm `prefix` over the hidden size: weight (gain), then bias. */
  layerNorm(prefix: string): void {
    this.add(`${prefix}.weight`, [this.hiddenSize], { kind: 'gain', mean: 1, std: GAIN_STD });
    this.add(`${prefix}.bias`, [this.hiddenSize], { kind: 'normal', std: BIAS_STD });
  }

  /**
   * One post-norm encoder layer in PyTorch's order: q/k/v/out (q and k scaled by `qkScale`), the attention norm,
   * the feed-forward pair through width `ff`, the output norm.
   */
  encoderLayer(names: EncoderLayerNames, ff: number, qkScale: number): void {
    const d = this.hiddenSize;
    this.linear(names.query, d, d, qkScale);
    this.linear(names.key, d, d, qkScale);
    this.linear(names.value, d, d);
    this.linear(names.output, d, d);
    this.layerNorm(names.attentionNorm);
    this.linear(names.ffnIn, ff, d);
    this.linear(names.ffnOut, d, ff);
    this.layerNorm(names.outputNorm);
  }
}
