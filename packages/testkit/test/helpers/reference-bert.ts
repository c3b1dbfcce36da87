import { join } from 'node:path';
import type { EncoderFixtureSpec } from '../../src/fixtures/encoder-fixture-spec.js';
import { readSafetensors, type SafetensorsFile } from '../../src/safetensors/read-safetensors.js';
import { add, attend, gelu, layerNorm, linear, type Matrix } from './reference-math.js';

/**
 * BertModel's forward pass written from the PyTorch module (eager attention) in plain float64 loops, over a
 * fixture's `model.safetensors`: an independent check of the feature-extraction graph the testkit writes. One
 * sequence, no padding, every token of segment 0.
 */
export class ReferenceBert {
  private constructor(
    private readonly st: SafetensorsFile,
    private readonly spec: EncoderFixtureSpec,
  ) {}

  static async load(dir: string, spec: EncoderFixtureSpec): Promise<ReferenceBert> {
    return new ReferenceBert(await readSafetensors(join(dir, 'model.safetensors')), spec);
  }

  /** `last_hidden_state` [tokens][hidden] for one token sequence. */
  lastHiddenState(ids: readonly number[]): Matrix {
    const { spec, st } = this;
    const d = spec.hiddenSize;
    const words = st.getFloat32('embeddings.word_embeddings.weight');
    const pos = st.getFloat32('embeddings.position_embeddings.weight');
    const types = st.getFloat32('embeddings.token_type_embeddings.weight');
    let x: Matrix = ids.map((id, i) =>
      Float64Array.from({ length: d }, (_, j) => words[id * d + j] + types[j] + pos[i * d + j]),
    );
    x = layerNorm(st, x, 'embeddings.LayerNorm', spec.layerNormEps);
    for (let l = 0; l < spec.numLayers; l++) {
      const p = `encoder.layer.${l}`;
      const q = linear(st, x, `${p}.attention.self.query`);
      const k = linear(st, x, `${p}.attention.self.key`);
      const v = linear(st, x, `${p}.attention.self.value`);
      // BertSelfAttention divides the scores by sqrt(head size).
      const context = attend(q, k, v, spec.numHeads, 1 / Math.sqrt(d / spec.numHeads));
      const attended = linear(st, context, `${p}.attention.output.dense`);
      x = layerNorm(st, add(attended, x), `${p}.attention.output.LayerNorm`, spec.layerNormEps);
      const hidden = linear(st, x, `${p}.intermediate.dense`).map((row) => row.map(gelu));
      x = layerNorm(
        st,
        add(linear(st, hidden, `${p}.output.dense`), x),
        `${p}.output.LayerNorm`,
        spec.layerNormEps,
      );
    }
    return x;
  }
}

/** Mean over tokens (no padding here) or the first token's state, then optionally L2-normalized. */
export function poolReference(states: Matrix, pooling: 'mean' | 'cls', normalize: boolean): Float64Array {
  const d = states[0].length;
  const pooled =
    pooling === 'cls'
      ? Float64Array.from(states[0])
      : Float64Array.from({ length: d }, (_, j) => states.reduce((s, row) => s + row[j], 0) / states.length);
  if (!normalize) return pooled;
  const norm = Math.hypot(...pooled);
  return pooled.map((v) => v / norm);
}
