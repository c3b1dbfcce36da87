import { applyRope, type LlamaGraphContext, linear } from './llama-layers.js';

/** Value used for masked scores: large and negative, but finite so a fully masked row stays NaN-free. */
const MASKED_SCORE = -1e9;

/**
 * Which keys each query may attend to, [batch, 1, seq, total] (bool). Query i sits at key index past + i
 * (past = total - seq), so it sees keys j <= past + i that `attention_mask` [batch, total] marks as 1.
 */
export function attentionAllowed(ctx: LlamaGraphContext, inputIds: string, attentionMask: string): string {
  const { g } = ctx;
  const one = g.int64([1], []);
  const zero = g.int64([0], []);
  const seq = g.op('Gather', [g.op('Shape', [inputIds]), one], { axis: { int: 0 } }, 'seq_len');
  const total = g.op('Gather', [g.op('Shape', [attentionMask]), one], { axis: { int: 0 } }, 'total_len');
  const past = g.op('Sub', [total, seq], undefined, 'past_len');
  const queryPos = g.op('Range', [past, total, one], undefined, 'query_pos');
  const keyPos = g.op('Range', [zero, total, one], undefined, 'key_pos');
  const causal = g.op(
    'LessOrEqual',
    [g.op('Unsqueeze', [keyPos, g.int64([0])]), g.op('Unsqueeze', [queryPos, g.int64([1])])],
    undefined,
    'causal',
  );
  const keep = g.op('Greater', [attentionMask, zero], undefined, 'keep');
  const keep4 = g.op('Unsqueeze', [keep, g.int64([1, 2])], undefined, 'keep4');
  return g.op('And', [causal, keep4], undefined, 'allowed');
}

/** Repeats each KV head n times along the head axis: [b, kv, t, d] → [b, kv*n, t, d] (GQA). */
function repeatKV(ctx: LlamaGraphContext, x: string): string {
  const { g, spec } = ctx;
  const n = spec.numHeads / spec.numKVHeads;
  if (n === 1) return x;
  const x5 = g.op('Unsqueeze', [x, g.int64([2])], undefined, 'kv5');
  // Expand broadcasts both ways, so [1, 1, n, 1, 1] leaves the dynamic dims alone.
  const expanded = g.op('Expand', [x5, g.int64([1, 1, n, 1, 1])], undefined, 'kv_rep');
  return g.op('Reshape', [expanded, g.int64([0, spec.numHeads, -1, spec.headDim])], undefined, 'kv_heads');
}

/** Projects x [b, s, hidden] into heads [b, heads, s, headDim]. */
function toHeads(ctx: LlamaGraphContext, x: string, hfName: string, heads: number): string {
  const { g, spec } = ctx;
  const projected = linear(ctx, x, hfName);
  const split = g.op('Reshape', [projected, g.int64([0, 0, heads, spec.headDim])], undefined, 'heads');
  return g.op('Transpose', [split], { perm: { ints: [0, 2, 1, 3] } }, 'heads_t');
}

/** Inputs of one attention block besides the normed hidden state. */
export interface AttentionIO {
  readonly cos: string;
  readonly sin: string;
  readonly allowed: string;
  readonly pastKey: string;
  readonly pastValue: string;
  readonly presentKey: string;
  readonly presentValue: string;
}

/**
 * Llama self-attention for layer `layer` on the normed hidden state x [b, s, hidden]. Concatenates the new
 * keys (after RoPE) and values onto the past, writes them to the present outputs, and returns o_proj(attn).
 */
export function attention(ctx: LlamaGraphContext, x: string, layer: number, io: AttentionIO): string {
  const { g, spec } = ctx;
  const p = `model.layers.${layer}.self_attn`;
  const q = applyRope(ctx, toHeads(ctx, x, `${p}.q_proj.weight`, spec.numHeads), io.cos, io.sin);
  const k = applyRope(ctx, toHeads(ctx, x, `${p}.k_proj.weight`, spec.numKVHeads), io.cos, io.sin);
  const v = toHeads(ctx, x, `${p}.v_proj.weight`, spec.numKVHeads);
  g.node('Concat', [io.pastKey, k], { attrs: { axis: { int: 2 } }, outputs: [io.presentKey] });
  g.node('Concat', [io.pastValue, v], { attrs: { axis: { int: 2 } }, outputs: [io.presentValue] });
  const keys = repeatKV(ctx, io.presentKey);
  const values = repeatKV(ctx, io.presentValue);
  const kT = g.op('Transpose', [keys], { perm: { ints: [0, 1, 3, 2] } }, 'k_t');
  const raw = g.op('MatMul', [q, kT], undefined, 'scores');
  const scaled = g.op('Mul', [raw, g.float32([1 / Math.sqrt(spec.headDim)], [])], undefined, 'scaled');
  const masked = g.op('Where', [io.allowed, scaled, g.float32([MASKED_SCORE], [])], undefined, 'masked');
  // Since opset 13 Softmax normalizes along the single given axis.
  const probs = g.op('Softmax', [masked], { axis: { int: -1 } }, 'probs');
  const context = g.op('MatMul', [probs, values], undefined, 'context');
  const merged = g.op('Transpose', [context], { perm: { ints: [0, 2, 1, 3] } }, 'context_t');
  const flat = g.op(
    'Reshape',
    [merged, g.int64([0, 0, spec.numHeads * spec.headDim])],
    undefined,
    'context_flat',
  );
  return linear(ctx, flat, `${p}.o_proj.weight`);
}
