import { PocketLMError } from '../errors/pocketlm-error.js';
import type { OrtRuntime, OrtTensor } from './ort-api.js';
import { ORT_MAX_BATCH_SIZE } from './ort-model-runner.js';

/** Which optional inputs an encoder-style graph (classifier, feature extractor) takes besides ids and mask. */
export interface EncoderInputs {
  /** BERT-style segment ids: every row is one segment, so all zeros. */
  tokenTypeIds: boolean;
  /** Some exports take positions: 0..n-1 per row (rows are right-padded). */
  positionIds: boolean;
}

/** Throws `INVALID_OPTIONS` for a batch an encoder-style runner cannot take: too many rows, empty rows, bad ids. */
export function checkTokenRows(rows: readonly number[][], what: string): void {
  if (rows.length > ORT_MAX_BATCH_SIZE) {
    throw new PocketLMError(
      'INVALID_OPTIONS',
      `A ${what} batch holds at most ${ORT_MAX_BATCH_SIZE} rows, got ${rows.length}.`,
    );
  }
  rows.forEach((row, i) => {
    if (row.length === 0) throw new PocketLMError('INVALID_OPTIONS', `Row ${i} has no tokens.`);
    for (const id of row) {
      if (!Number.isInteger(id) || id < 0) {
        throw new PocketLMError('INVALID_OPTIONS', `Row ${i}: token id ${id} is invalid.`);
      }
    }
  });
}

/**
 * Feeds for one call over unpadded token rows: `input_ids` right-padded with `padTokenId`, `attention_mask` 1 over
 * the real tokens and 0 over the padding, and zeros / positions for the optional inputs the graph takes. Returns
 * the padded width too, so outputs can be read back per row.
 */
export function rightPaddedFeeds(
  ort: OrtRuntime,
  rows: readonly number[][],
  padTokenId: number,
  inputs: EncoderInputs,
): { feeds: Record<string, OrtTensor>; width: number } {
  const { Tensor } = ort;
  const width = Math.max(...rows.map((r) => r.length));
  const ids = new BigInt64Array(rows.length * width).fill(BigInt(padTokenId));
  const mask = new BigInt64Array(rows.length * width);
  const positions = new BigInt64Array(rows.length * width);
  rows.forEach((row, b) => {
    for (let t = 0; t < row.length; t++) {
      ids[b * width + t] = BigInt(row[t]);
      mask[b * width + t] = 1n;
      positions[b * width + t] = BigInt(t);
    }
  });
  const dims = [rows.length, width];
  const feeds: Record<string, OrtTensor> = {
    input_ids: new Tensor('int64', ids, dims),
    attention_mask: new Tensor('int64', mask, dims),
  };
  if (inputs.tokenTypeIds) feeds.token_type_ids = new Tensor('int64', new BigInt64Array(ids.length), dims);
  if (inputs.positionIds) feeds.position_ids = new Tensor('int64', positions, dims);
  return { feeds, width };
}
