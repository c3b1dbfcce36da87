import { join } from 'node:path';
import type { ClassifierFixtureSpec } from '../../src/fixtures/classifier-fixture-spec.js';
import { readSafetensors, type SafetensorsFile } from '../../src/safetensors/read-safetensors.js';

type Matrix = Float64Array[];

/**
 * DistilBertForSequenceClassification's forward pass written from the PyTorch module in plain float64 loops, over
 * a fixture's `model.safetensors`: an independent check of the ONNX graph the testkit writes. One sequence, no
 * padding.
 */
export class ReferenceDistilbert {
  private constructor(
    private readonly st: SafetensorsFile,
    private readonly spec: ClassifierFixtureSpec,
  ) {}

  static async load(dir: string, spec: ClassifierFixtureSpec): Promise<ReferenceDistilbert> {
    return new ReferenceDistilbert(await readSafetensors(join(dir, 'model.safetensors')), spec);
  }

  /** The logits [labels] for one token sequence. */
  logits(ids: readonly number[]): Float64Array {
    const { spec } = this;
    const d = spec.hiddenSize;
    const words = this.t('distilbert.embeddings.word_embeddings.weight');
    const pos = this.t('distilbert.embeddings.position_embeddings.weight');
    let x: Matrix = ids.map((id, i) =>
      Float64Array.from({ length: d }, (_, j) => words[id * d + j] + pos[i * d + j]),
    );
    x = this.layerNorm(x, 'distilbert.embeddings.LayerNorm');
    for (let l = 0; l < spec.numLayers; l++) {
      const p = `distilbert.transformer.layer.${l}`;
      x = this.layerNorm(add(this.attention(x, p), x), `${p}.sa_layer_norm`);
      const hidden = this.linear(x, `${p}.ffn.lin1`).map((row) => row.map(gelu));
      x = this.layerNorm(add(this.linear(hidden, `${p}.ffn.lin2`), x), `${p}.output_layer_norm`);
    }
    const pooled = this.linear([x[0]], 'pre_classifier').map((row) => row.map((v) => Math.max(0, v)));
    return this.linear(pooled, 'classifier')[0];
  }

  private t(name: string): Float32Array {
    return this.st.getFloat32(name);
  }

  /** x [n, in] @ W^T + b for HF linear `prefix` (W [out, in]). */
  private linear(x: Matrix, prefix: string): Matrix {
    const w = this.t(`${prefix}.weight`);
    const b = this.t(`${prefix}.bias`);
    const outDim = b.length;
    const inDim = w.length / outDim;
    return x.map((row) =>
      Float64Array.from({ length: outDim }, (_, o) => {
        let s = b[o];
        for (let i = 0; i < inDim; i++) s += row[i] * w[o * inDim + i];
        return s;
      }),
    );
  }

  private layerNorm(x: Matrix, prefix: string): Matrix {
    const g = this.t(`${prefix}.weight`);
    const b = this.t(`${prefix}.bias`);
    return x.map((row) => {
      const mean = row.reduce((a, v) => a + v, 0) / row.length;
      const variance = row.reduce((a, v) => a + (v - mean) ** 2, 0) / row.length;
      const inv = 1 / Math.sqrt(variance + this.spec.layerNormEps);
      return row.map((v, i) => (v - mean) * inv * g[i] + b[i]);
    });
  }

  private attention(x: Matrix, p: string): Matrix {
    const { numHeads, hiddenSize } = this.spec;
    const dh = hiddenSize / numHeads;
    const q = this.linear(x, `${p}.attention.q_lin`).map((row) => row.map((v) => v / Math.sqrt(dh)));
    const k = this.linear(x, `${p}.attention.k_lin`);
    const v = this.linear(x, `${p}.attention.v_lin`);
    const context = x.map(() => new Float64Array(hiddenSize));
    for (let h = 0; h < numHeads; h++) {
      for (let i = 0; i < x.length; i++) {
        const scores = k.map((kr) => {
          let s = 0;
          for (let j = 0; j < dh; j++) s += q[i][h * dh + j] * kr[h * dh + j];
          return s;
        });
        const max = Math.max(...scores);
        const e = scores.map((s) => Math.exp(s - max));
        const sum = e.reduce((a, b) => a + b, 0);
        for (let t = 0; t < x.length; t++) {
          for (let j = 0; j < dh; j++) context[i][h * dh + j] += (e[t] / sum) * v[t][h * dh + j];
        }
      }
    }
    return this.linear(context, `${p}.attention.out_lin`);
  }
}

function add(a: Matrix, b: Matrix): Matrix {
  return a.map((row, i) => row.map((v, j) => v + b[i][j]));
}

/** Exact GELU, as PyTorch's default `gelu`. */
function gelu(x: number): number {
  return 0.5 * x * (1 + erf(x / Math.SQRT2));
}

/** erf to ~1e-15: Taylor series near 0, the complementary continued fraction further out. */
function erf(x: number): number {
  const ax = Math.abs(x);
  if (ax < 2.5) {
    let term = ax;
    let sum = ax;
    for (let n = 1; n < 60; n++) {
      term *= (-ax * ax) / n;
      sum += term / (2 * n + 1);
    }
    return Math.sign(x) * ((2 / Math.sqrt(Math.PI)) * sum);
  }
  // erfc(x) = exp(-x^2)/sqrt(pi) * 1/(x + 1/2/(x + 1/(x + 3/2/(x + ...)))), evaluated from the tail.
  let f = ax;
  for (let n = 60; n >= 1; n--) f = ax + n / 2 / f;
  const erfc = Math.exp(-ax * ax) / Math.sqrt(Math.PI) / f;
  return Math.sign(x) * (1 - erfc);
}
