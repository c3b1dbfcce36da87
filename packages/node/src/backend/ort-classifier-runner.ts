import {
  type ClassifyBatch,
  PocketLMError,
  type SequenceClassifierRunner,
  throwIfAborted,
} from '@pocketlm/core';
import type { InferenceSession, Tensor } from 'onnxruntime-node';
import type { ClassifierIOLayout } from './classifier-io-layout.js';
import { ORT_MAX_BATCH_SIZE } from './ort-model-runner.js';
import type { OrtRuntime } from './ort-runtime.js';
import { runSession } from './padded-batch.js';

/** What an `OrtClassifierRunner` is built from; `nodeBackend().loadClassifier` assembles it. */
export interface OrtClassifierRunnerInit {
  ort: OrtRuntime;
  session: InferenceSession;
  layout: ClassifierIOLayout;
  /** Fills padded positions (config.json's `pad_token_id`): classifiers that pool at the last real token find it so. */
  padTokenId: number;
  weightBytes?: number;
}

/**
 * A sequence classifier over an ORT session of an Optimum `text-classification` export: rows are right-padded
 * into one batch with `attention_mask` 0 over the padding, and each row gets one logits row back.
 */
export class OrtClassifierRunner implements SequenceClassifierRunner {
  readonly numLabels: number | undefined;
  readonly weightBytes: number | undefined;
  private readonly ort: OrtRuntime;
  private readonly layout: ClassifierIOLayout;
  private readonly padTokenId: number;
  private session: InferenceSession | undefined;

  constructor(init: OrtClassifierRunnerInit) {
    this.ort = init.ort;
    this.session = init.session;
    this.layout = init.layout;
    this.padTokenId = init.padTokenId;
    this.numLabels = init.layout.numLabels;
    this.weightBytes = init.weightBytes;
  }

  async classify(batch: ClassifyBatch): Promise<Float32Array[]> {
    const session = this.session;
    if (!session) throw new PocketLMError('DISPOSED', 'This classifier runner has been disposed.');
    throwIfAborted(batch.signal);
    const rows = batch.inputIds;
    this.validate(rows);
    if (rows.length === 0) return [];
    const results = await runSession(session, this.feeds(rows), ['logits']);
    try {
      const logits = results.logits;
      const [count, width] = logits.dims;
      if (logits.type !== 'float32' || logits.dims.length !== 2 || count !== rows.length) {
        throw new PocketLMError(
          'BACKEND_ERROR',
          `The model returned ${logits.type} logits shaped [${logits.dims.join(', ')}], expected float32 [${rows.length}, labels].`,
        );
      }
      const data = logits.data as Float32Array;
      return rows.map((_, b) => data.slice(b * width, (b + 1) * width));
    } finally {
      for (const tensor of Object.values(results)) tensor.dispose();
    }
  }

  async dispose(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    await session?.release();
  }

  private validate(rows: number[][]): void {
    if (rows.length > ORT_MAX_BATCH_SIZE) {
      throw new PocketLMError(
        'INVALID_OPTIONS',
        `A classify batch holds at most ${ORT_MAX_BATCH_SIZE} rows, got ${rows.length}.`,
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

  /** Right-padded `input_ids`, the mask, and zeros / positions for the optional inputs the graph takes. */
  private feeds(rows: number[][]): Record<string, Tensor> {
    const { Tensor } = this.ort;
    const width = Math.max(...rows.map((r) => r.length));
    const ids = new BigInt64Array(rows.length * width).fill(BigInt(this.padTokenId));
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
    const feeds: Record<string, Tensor> = {
      input_ids: new Tensor('int64', ids, dims),
      attention_mask: new Tensor('int64', mask, dims),
    };
    if (this.layout.tokenTypeIds)
      feeds.token_type_ids = new Tensor('int64', new BigInt64Array(ids.length), dims);
    if (this.layout.positionIds) feeds.position_ids = new Tensor('int64', positions, dims);
    return feeds;
  }
}
