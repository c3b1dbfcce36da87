import { join } from 'node:path';
import type { ClassifierFixtureSpec } from '../../src/fixtures/classifier-fixture-spec.js';
import { readSafetensors, type SafetensorsFile } from '../../src/safetensors/read-safetensors.js';
import { add, attend, gelu, layerNorm, linear, type Matrix } from './reference-math.js';

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
    const { spec, st } = this;
    const d = spec.hiddenSize;
    const words = st.getFloat32('distilbert.embeddings.word_embeddings.weight');
    const pos = st.getFloat32('distilbert.embeddings.position_embeddings.weight');
    let x: Matrix = ids.map((id, i) =>
      Float64Array.from({ length: d }, (_, j) => words[id * d + j] + pos[i * d + j]),
    );
    x = this.layerNorm(x, 'distilbert.embeddings.LayerNorm');
    for (let l = 0; l < spec.numLayers; l++) {
      const p = `distilbert.transformer.layer.${l}`;
      x = this.layerNorm(add(this.attention(x, p), x), `${p}.sa_layer_norm`);
      const hidden = linear(st, x, `${p}.ffn.lin1`).map((row) => row.map(gelu));
      x = this.layerNorm(add(linear(st, hidden, `${p}.ffn.lin2`), x), `${p}.output_layer_norm`);
    }
    const pooled = linear(st, [x[0]], 'pre_classifier').map((row) => row.map((v) => Math.max(0, v)));
    return linear(st, pooled, 'classifier')[0];
  }

  private layerNorm(x: Matrix, prefix: string): Matrix {
    return layerNorm(this.st, x, prefix, this.spec.layerNormEps);
  }

  private attention(x: Matrix, p: string): Matrix {
    const { st, spec } = this;
    const dh = spec.hiddenSize / spec.numHeads;
    // DistilBERT scales q, not the scores.
    const q = linear(st, x, `${p}.attention.q_lin`).map((row) => row.map((v) => v / Math.sqrt(dh)));
    const k = linear(st, x, `${p}.attention.k_lin`);
    const v = linear(st, x, `${p}.attention.v_lin`);
    return linear(st, attend(q, k, v, spec.numHeads, 1), `${p}.attention.out_lin`);
  }
}
