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
}
