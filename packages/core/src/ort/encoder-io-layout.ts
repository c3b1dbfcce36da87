import type { SessionIO } from './onnx-io-layout.js';
import { checkPaddedExportInputs, declaredOutputWidth } from './padded-export-io.js';
import type { EncoderInputs } from './right-padded-rows.js';

/** What the runner feeds an encoder graph, and the width of its states when the graph declares it. */
export interface EncoderIOLayout extends EncoderInputs {
  hiddenSize: number | undefined;
}

const ENCODER_EXPORT = {
  description: 'an encoder export',
  task: 'feature-extraction',
  output: 'last_hidden_state',
  rank: 3,
  shape: '[batch, sequence, hidden]',
};

/**
 * Checks that a session is an encoder export (Optimum's `feature-extraction` task: `input_ids`, `attention_mask`,
 * optionally `token_type_ids` / `position_ids` → `last_hidden_state` [batch, sequence, hidden]) and says which
 * inputs it takes. Throws `INVALID_MODEL` naming what is missing or unexpected, so a decoder or classifier export
 * fails at load time instead of inside the first call.
 */
export function checkEncoderIOLayout(io: SessionIO, source: string): EncoderIOLayout {
  const inputs = checkPaddedExportInputs(io, source, ENCODER_EXPORT);
  return { ...inputs, hiddenSize: declaredOutputWidth(io, source, ENCODER_EXPORT) };
}
