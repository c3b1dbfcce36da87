import type { ClassifyBatch, SequenceClassifierRunner } from '../classifier/sequence-classifier-runner.js';
import { PocketLMError } from '../errors/pocketlm-error.js';
import type { ClassifierIOLayout } from './classifier-io-layout.js';
import type { OrtRuntime, OrtSession } from './ort-api.js';
import { OrtPaddedRunner } from './ort-padded-runner.js';

/** What an `OrtClassifierRunner` is built from; an ORT backend's `loadClassifier` assembles it. */
export interface OrtClassifierRunnerInit {
  ort: OrtRuntime;
  session: OrtSession;
  layout: ClassifierIOLayout;
  /** Fills padded positions (config.json's `pad_token_id`): classifiers that pool at the last real token find it so. */
  padTokenId: number;
  weightBytes?: number;
}

/**
 * A sequence classifier over an ORT session of an Optimum `text-classification` export: rows are right-padded
 * into one batch with `attention_mask` 0 over the padding, and each row gets one logits row back.
 */
export class OrtClassifierRunner
  extends OrtPaddedRunner<ClassifierIOLayout>
  implements SequenceClassifierRunner
{
  readonly numLabels: number | undefined;

  constructor(init: OrtClassifierRunnerInit) {
    super(init, 'classifier');
    this.numLabels = init.layout.numLabels;
  }

  classify(batch: ClassifyBatch): Promise<Float32Array[]> {
    return this.runPadded(batch, 'classify', 'logits', (logits, rows) => {
      const [count, width] = logits.dims;
      if (logits.type !== 'float32' || logits.dims.length !== 2 || count !== rows.length) {
        throw new PocketLMError(
          'BACKEND_ERROR',
          `The model returned ${logits.type} logits shaped [${logits.dims.join(', ')}], expected float32 [${rows.length}, labels].`,
        );
      }
      const data = logits.data as Float32Array;
      return rows.map((_, b) => data.slice(b * width, (b + 1) * width));
    });
  }
}
