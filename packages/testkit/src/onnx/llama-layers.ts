import type { FixtureSpec } from '../fixtures/fixture-specs.js';
import type { GraphBuilder } from './graph-builder.js';

/** What every layer builder needs: the graph, the model shape, and ways to use a weight. */
export interface LlamaGraphContext {
  readonly g: GraphBuilder;
  readonly spec: FixtureSpec;
  /** Initializer name of an HF weight in its own layout, in float32 (embedding, norm gains). */
  weight(hfName: string): string;
  /**
   * x [..., in] times the HF projection weight W [out, in] transposed → [..., out], in whatever form the model
   * stores projections (a float32 `MatMul`, or a 4-bit `MatMulNBits`). `output` names the result.
   */
  project(x: string, hfName: string, output?: string): string;
}

/**
 * RMSNorm as Hugging Face computes it, all in float32: x / sqrt(mean(x^2) + eps) * weight.
 * ReduceMean takes `axes` as an attribute up to opset 17.
 */
export function rmsNorm(ctx: LlamaGraphContext, x: string, weightName: string): string {
  const { g } = ctx;
  const sq = g.op('Pow', [x, g.float32([2], [])], undefined, 'sq');
  const mean = g.op('ReduceMean', [sq], { axes: { ints: [-1] }, keepdims: { int: 1 } }, 'ms');
  const std = g.op('Sqrt', [g.op('Add', [mean, g.float32([ctx.spec.rmsNormEps], [])])], undefined, 'rms');
  const normed = g.op('Div', [x, std], undefined, 'normed');
  return g.op('Mul', [normed, ctx.weight(weightName)], undefined, 'norm_out');
}

/** HF's inverse frequencies 1 / theta^(2i / headDim), rounded to float32 like torch computes them. */
export function inverseFrequencies(spec: { headDim: number; ropeTheta: number }): Float32Array {
  const half = spec.headDim / 2;
  const out = new Float32Array(half);
  for (let i = 0; i < half; i++) {
    const exponent = Math.fround((2 * i) / spec.headDim);
    out[i] = 1 / Math.fround(spec.ropeTheta ** exponent);
  }
  return out;
}

/**
 * cos/sin tables from `position_ids` [batch, seq], shaped [batch, 1, seq, headDim] to broadcast over heads.
 * Like HF, the angle vector is duplicated (cat(freqs, freqs)) to match rotate_half's non-interleaved halves.
 */
export function rotaryTables(ctx: LlamaGraphContext, positionIds: string): { cos: string; sin: string } {
  const { g } = ctx;
  const invFreq = g.float32([...inverseFrequencies(ctx.spec)], [ctx.spec.headDim / 2]);
  const pos = g.op('Cast', [positionIds], { to: { int: 1 } }, 'pos_f');
  const pos3 = g.op('Unsqueeze', [pos, g.int64([2])], undefined, 'pos3');
  const freqs = g.op('Mul', [pos3, invFreq], undefined, 'freqs');
  const emb = g.op('Concat', [freqs, freqs], { axis: { int: -1 } }, 'rope_emb');
  const emb4 = g.op('Unsqueeze', [emb, g.int64([1])], undefined, 'rope_emb4');
  return { cos: g.op('Cos', [emb4], undefined, 'cos'), sin: g.op('Sin', [emb4], undefined, 'sin') };
}

/** Applies RoPE to x [batch, heads, seq, headDim]: x*cos + rotate_half(x)*sin, rotate_half = cat(-x2, x1). */
export function applyRope(ctx: LlamaGraphContext, x: string, cos: string, sin: string): string {
  const { g } = ctx;
  const half = ctx.spec.headDim / 2;
  // Split takes the sizes as an input since opset 13.
  const [x1, x2] = g.node('Split', [x, g.int64([half, half])], {
    attrs: { axis: { int: -1 } },
    outputs: 2,
    prefix: 'rope_half',
  });
  const rotated = g.op('Concat', [g.op('Neg', [x2]), x1], { axis: { int: -1 } }, 'rot_half');
  const a = g.op('Mul', [x, cos], undefined, 'rope_cos');
  const b = g.op('Mul', [rotated, sin], undefined, 'rope_sin');
  return g.op('Add', [a, b], undefined, 'roped');
}

/** x [batch, seq, in] @ W^T → [batch, seq, out] for the HF projection W [out, in]. */
export function linear(ctx: LlamaGraphContext, x: string, hfName: string): string {
  return ctx.project(x, hfName);
}

/** SwiGLU MLP: down(silu(gate(x)) * up(x)), with SiLU as x * Sigmoid(x). */
export function mlp(ctx: LlamaGraphContext, x: string, prefix: string): string {
  const { g } = ctx;
  const gate = linear(ctx, x, `${prefix}.mlp.gate_proj.weight`);
  const up = linear(ctx, x, `${prefix}.mlp.up_proj.weight`);
  const silu = g.op('Mul', [gate, g.op('Sigmoid', [gate])], undefined, 'silu');
  const act = g.op('Mul', [silu, up], undefined, 'swiglu');
  return linear(ctx, act, `${prefix}.mlp.down_proj.weight`);
}
