import type { ForwardSequence } from '../backend/model-runner.js';
import { PocketLMError } from '../errors/pocketlm-error.js';
import type { KVCacheLayout } from '../kv-cache/kv-cache.js';
import type { OrtRunResult, OrtRuntime, OrtSession, OrtTensor } from './ort-api.js';

/**
 * Sequences that bring the same number of new tokens, laid out as one ORT batch. Each sequence's past is
 * left-padded with zeros to the longest past, so every new token sits at the same key index in every row
 * (query i at key index `maxPast + i`, which is where the decoder graph's causal mask puts it) and the padding is
 * masked out with `attention_mask` 0.
 */
export interface PaddedBatch {
  feeds: Record<string, OrtTensor>;
  /** Longest past in the batch: the width every past is padded to. */
  maxPast: number;
  /** Each sequence's own past length, in batch order. */
  pasts: number[];
  /** New tokens per sequence. */
  newTokens: number;
}

/** Sequence indices grouped by how many new tokens they bring, in order of first appearance. */
export function groupByTokenCount(sequences: readonly ForwardSequence[]): number[][] {
  const groups = new Map<number, number[]>();
  sequences.forEach((seq, i) => {
    const group = groups.get(seq.tokens.length);
    if (group) group.push(i);
    else groups.set(seq.tokens.length, [i]);
  });
  return [...groups.values()];
}

/** Builds the feeds of one padded ORT call for `sequences`, which must all bring the same number of new tokens. */
export function buildPaddedBatch(
  ort: OrtRuntime,
  layout: KVCacheLayout,
  sequences: readonly ForwardSequence[],
): PaddedBatch {
  const { Tensor } = ort;
  const { numLayers, numKVHeads, headDim } = layout;
  const batch = sequences.length;
  const n = sequences[0].tokens.length;
  const pasts = sequences.map((s) => s.cache.length);
  const maxPast = Math.max(...pasts);
  const total = maxPast + n;
  const ids = new BigInt64Array(batch * n);
  const positions = new BigInt64Array(batch * n);
  const mask = new BigInt64Array(batch * total);
  sequences.forEach((seq, b) => {
    if (seq.tokens.length !== n) {
      throw new PocketLMError(
        'BACKEND_ERROR',
        'A padded batch needs the same number of new tokens per sequence.',
      );
    }
    for (let t = 0; t < n; t++) {
      ids[b * n + t] = BigInt(seq.tokens[t]);
      positions[b * n + t] = BigInt(seq.positions[t]);
    }
    // Zeros over the left padding, ones over the held entries and the new tokens.
    mask.fill(1n, b * total + (maxPast - pasts[b]), (b + 1) * total);
  });
  const feeds: Record<string, OrtTensor> = {
    input_ids: new Tensor('int64', ids, [batch, n]),
    attention_mask: new Tensor('int64', mask, [batch, total]),
    position_ids: new Tensor('int64', positions, [batch, n]),
  };
  const dims = [batch, numKVHeads, maxPast, headDim];
  for (let l = 0; l < numLayers; l++) {
    const key = new Float32Array(batch * numKVHeads * maxPast * headDim);
    const value = new Float32Array(key.length);
    sequences.forEach((seq, b) => {
      const past = pasts[b];
      const held = seq.cache.read(l);
      const size = numKVHeads * past * headDim;
      if (held.key.length !== size || held.value.length !== size) {
        throw new PocketLMError(
          'BACKEND_ERROR',
          `KV cache layer ${l} returned ${held.key.length}/${held.value.length} values for ${past} tokens, expected ${size}.`,
        );
      }
      const row = past * headDim;
      for (let h = 0; h < numKVHeads; h++) {
        const dst = ((b * numKVHeads + h) * maxPast + (maxPast - past)) * headDim;
        key.set(held.key.subarray(h * row, (h + 1) * row), dst);
        value.set(held.value.subarray(h * row, (h + 1) * row), dst);
      }
    });
    feeds[`past_key_values.${l}.key`] = new Tensor('float32', key, dims);
    feeds[`past_key_values.${l}.value`] = new Tensor('float32', value, dims);
  }
  return { feeds, maxPast, pasts, newTokens: n };
}

/**
 * Row `b`'s entries of a padded `present` [batch, kvHeads, maxPast + n, headDim], with its left padding removed:
 * the packed [kvHeads, past + n, headDim] array `appendPacked` takes. A fresh copy, so no cache keeps the whole
 * batch's output alive.
 */
export function unpadPresent(
  present: OrtTensor,
  layout: KVCacheLayout,
  padded: PaddedBatch,
  b: number,
): Float32Array {
  const { numKVHeads, headDim } = layout;
  const width = padded.maxPast + padded.newTokens;
  const [batch, heads, tokens, dim] = present.dims;
  if (
    present.type !== 'float32' ||
    batch !== padded.pasts.length ||
    heads !== numKVHeads ||
    tokens !== width ||
    dim !== headDim
  ) {
    throw new PocketLMError(
      'BACKEND_ERROR',
      `The model returned a ${present.type} KV tensor shaped [${present.dims.join(', ')}], ` +
        `expected float32 [${padded.pasts.length}, ${numKVHeads}, ${width}, ${headDim}].`,
    );
  }
  const data = present.data as Float32Array;
  const kept = padded.pasts[b] + padded.newTokens;
  const out = new Float32Array(numKVHeads * kept * headDim);
  for (let h = 0; h < numKVHeads; h++) {
    const src = ((b * numKVHeads + h) * width + (width - kept)) * headDim;
    out.set(data.subarray(src, src + kept * headDim), h * kept * headDim);
  }
  return out;
}

/** Runs `feeds`, turning an ORT failure into `BACKEND_ERROR`. The caller disposes the outputs. */
export async function runSession(
  session: OrtSession,
  feeds: Record<string, OrtTensor>,
  fetches: string[],
): Promise<OrtRunResult> {
  try {
    return await session.run(feeds, fetches);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new PocketLMError('BACKEND_ERROR', `onnxruntime failed to run the model (${reason}).`, { cause });
  }
}
