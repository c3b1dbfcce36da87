import * as ort from 'onnxruntime-node';
import type { FixtureSpec } from '../../src/fixtures/fixture-specs.js';

/** Past keys/values per layer, as returned in `present.N.*`. */
export type KVState = { key: ort.Tensor; value: ort.Tensor }[];

export interface DecoderStep {
  /** [batch][seq] new token ids. */
  inputIds: number[][];
  /** [batch][past + seq]; defaults to all ones. */
  attentionMask?: number[][];
  /** [batch][seq]; defaults to past..past+seq-1. */
  positionIds?: number[][];
  /** KV from a previous step; defaults to empty (past length 0). */
  past?: KVState;
}

export interface DecoderResult {
  /** Logits, [batch, seq, vocab] row-major. */
  logits: Float32Array;
  present: KVState;
}

function int64(rows: number[][]): ort.Tensor {
  return new ort.Tensor('int64', BigInt64Array.from(rows.flat().map((v) => BigInt(v))), [
    rows.length,
    rows[0].length,
  ]);
}

/** Runs one forward step of a fixture's ONNX decoder with Optimum-style inputs. */
export async function runDecoder(
  session: ort.InferenceSession,
  spec: FixtureSpec,
  step: DecoderStep,
): Promise<DecoderResult> {
  const batch = step.inputIds.length;
  const seq = step.inputIds[0].length;
  const pastLen = step.past ? step.past[0].key.dims[2] : 0;
  const feeds: Record<string, ort.Tensor> = {
    input_ids: int64(step.inputIds),
    attention_mask: int64(step.attentionMask ?? step.inputIds.map(() => Array(pastLen + seq).fill(1))),
    position_ids: int64(
      step.positionIds ?? step.inputIds.map(() => Array.from({ length: seq }, (_, i) => pastLen + i)),
    ),
  };
  const empty = () =>
    new ort.Tensor('float32', new Float32Array(0), [batch, spec.numKVHeads, 0, spec.headDim]);
  for (let l = 0; l < spec.numLayers; l++) {
    feeds[`past_key_values.${l}.key`] = step.past?.[l].key ?? empty();
    feeds[`past_key_values.${l}.value`] = step.past?.[l].value ?? empty();
  }
  const out = await session.run(feeds);
  const present: KVState = [];
  for (let l = 0; l < spec.numLayers; l++) {
    present.push({ key: out[`present.${l}.key`], value: out[`present.${l}.value`] });
  }
  return { logits: out.logits.data as Float32Array, present };
}

/** Largest absolute difference between two equally long arrays. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} != ${b.length}`);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

/** Rows [from, to) of a row-major [rows, width] matrix. */
export function rows(data: Float32Array, width: number, from: number, to: number): Float32Array {
  return data.subarray(from * width, to * width);
}
