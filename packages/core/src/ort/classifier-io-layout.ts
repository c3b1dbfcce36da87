import { PocketLMError } from '../errors/pocketlm-error.js';
import type { SessionIO } from './onnx-io-layout.js';

/** Inputs a sequence-classification export may take besides `input_ids` and `attention_mask`, and how we fill them. */
const OPTIONAL_INPUTS = ['token_type_ids', 'position_ids'] as const;

/** What the runner feeds a classifier graph, and the width of its logits when the graph declares it. */
export interface ClassifierIOLayout {
  /** BERT-style exports take segment ids: every row is one segment, so all zeros. */
  tokenTypeIds: boolean;
  /** Some decoder-based classifiers take positions: 0..n-1 per row (rows are right-padded). */
  positionIds: boolean;
  numLabels: number | undefined;
}

/**
 * Checks that a session is a sequence-classification export (Optimum's `text-classification` task: `input_ids`,
 * `attention_mask`, optionally `token_type_ids` / `position_ids` → `logits` [batch, labels]) and says which
 * inputs it takes. Throws `INVALID_MODEL` naming what is missing or unexpected, so a decoder or embedding export
 * fails at load time instead of inside the first call.
 */
export function checkClassifierIOLayout(io: SessionIO, source: string): ClassifierIOLayout {
  const inputs = new Set(io.inputNames);
  const missing = ['input_ids', 'attention_mask'].filter((n) => !inputs.has(n));
  const known = new Set<string>(['input_ids', 'attention_mask', ...OPTIONAL_INPUTS]);
  const unexpected = io.inputNames.filter((n) => !known.has(n));
  if (missing.length > 0 || unexpected.length > 0 || !io.outputNames.includes('logits')) {
    const parts = [
      missing.length ? `missing inputs ${missing.join(', ')}` : '',
      unexpected.length
        ? `unexpected inputs ${unexpected.slice(0, 4).join(', ')}${unexpected.length > 4 ? ', …' : ''}`
        : '',
      io.outputNames.includes('logits') ? '' : 'no logits output',
    ].filter(Boolean);
    throw new PocketLMError(
      'INVALID_MODEL',
      `${source} is not a sequence-classification export: ${parts.join('; ')}. ` +
        'Export it with Optimum (task text-classification).',
      { details: { inputNames: [...io.inputNames], outputNames: [...io.outputNames] } },
    );
  }
  for (const name of io.inputNames) {
    const meta = io.inputMetadata?.find((m) => m.name === name);
    if (meta?.isTensor && meta.type !== 'int64') {
      throw new PocketLMError('INVALID_MODEL', `${source}: input ${name} is ${meta.type}, expected int64.`);
    }
  }
  const logits = io.outputMetadata?.find((m) => m.name === 'logits');
  let numLabels: number | undefined;
  if (logits?.isTensor && logits.shape !== undefined) {
    if (logits.type !== 'float32' || logits.shape.length !== 2) {
      throw new PocketLMError(
        'INVALID_MODEL',
        `${source}: logits are ${logits.type} [${logits.shape.join(', ')}]; a classifier gives float32 [batch, labels].`,
      );
    }
    const width = logits.shape[1];
    numLabels = typeof width === 'number' && width > 0 ? width : undefined;
  }
  return { tokenTypeIds: inputs.has('token_type_ids'), positionIds: inputs.has('position_ids'), numLabels };
}
