import type { SessionIO } from './onnx-io-layout.js';
import { checkPaddedExportInputs, declaredOutputWidth } from './padded-export-io.js';

/** What the runner feeds a classifier graph, and the width of its logits when the graph declares it. */
export interface ClassifierIOLayout {
  /** BERT-style exports take segment ids: every row is one segment, so all zeros. */
  tokenTypeIds: boolean;
  /** Some decoder-based classifiers take positions: 0..n-1 per row (rows are right-padded). */
  positionIds: boolean;
  numLabels: number | undefined;
}

const CLASSIFIER_EXPORT = {
  description: 'a sequence-classification export',
  task: 'text-classification',
  output: 'logits',
  rank: 2,
  shape: '[batch, labels]',
};

/**
 * Checks that a session is a sequence-classification export (Optimum's `text-classification` task: `input_ids`,
 * `attention_mask`, optionally `token_type_ids` / `position_ids` → `logits` [batch, labels]) and says which
 * inputs it takes. Throws `INVALID_MODEL` naming what is missing or unexpected, so a decoder or embedding export
 * fails at load time instead of inside the first call.
 */
export function checkClassifierIOLayout(io: SessionIO, source: string): ClassifierIOLayout {
  const inputs = checkPaddedExportInputs(io, source, CLASSIFIER_EXPORT);
  return { ...inputs, numLabels: declaredOutputWidth(io, source, CLASSIFIER_EXPORT) };
}
