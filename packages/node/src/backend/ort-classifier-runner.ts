import {
  type ClassifyBatch,
  PocketLMError,
  type SequenceClassifierRunner,
  throwIfAborted,
} from '@pocketlm/core';
import type { InferenceSession } from 'onnxruntime-node';
import type { ClassifierIOLayout } from './classifier-io-layout.js';
import type { OrtRuntime } from './ort-runtime.js';
import { runSession } from './padded-batch.js';
import { checkTokenRows, rightPaddedFeeds } from './right-padded-rows.js';

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
    checkTokenRows(rows, 'classify');
    if (rows.length === 0) return [];
    const { feeds } = rightPaddedFeeds(this.ort, rows, this.padTokenId, this.layout);
    const results = await runSession(session, feeds, ['logits']);
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
}
