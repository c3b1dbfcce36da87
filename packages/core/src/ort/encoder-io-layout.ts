import { PocketLMError } from '../errors/pocketlm-error.js';
import type { SessionIO } from './onnx-io-layout.js';
import type { EncoderInputs } from './right-padded-rows.js';

/** Inputs a feature-extraction export may take besides `input_ids` and `attention_mask`. */
const OPTIONAL_INPUTS = ['token_type_ids', 'position_ids'] as const;

/** What the runner feeds an encoder graph, and the width of its states when the graph declares it. */
export interface EncoderIOLayout extends EncoderInputs {
  hiddenSize: number | undefined;
}

/**
 * Checks that a session is an encoder export (Optimum's `feature-extraction` task: `input_ids`, `attention_mask`,
 * optionally `token_type_ids` / `position_ids` → `last_hidden_state` [batch, sequence, hidden]) and says which
 * inputs it takes. Throws `INVALID_MODEL` naming what is missing or unexpected, so a decoder or classifier export
 * fails at load time instead of inside the first call.
 */
export function checkEncoderIOLayout(io: SessionIO, source: string): EncoderIOLayout {
  const inputs = new Set(io.inputNames);
  const missing = ['input_ids', 'attention_mask'].filter((n) => !inputs.has(n));
  const known = new Set<string>(['input_ids', 'attention_mask', ...OPTIONAL_INPUTS]);
  const unexpected = io.inputNames.filter((n) => !known.has(n));
  const hasOutput = io.outputNames.includes('last_hidden_state');
  if (missing.length > 0 || unexpected.length > 0 || !hasOutput) {
    const parts = [
      missing.length ? `missing inputs ${missing.join(', ')}` : '',
      unexpected.length
        ? `unexpected inputs ${unexpected.slice(0, 4).join(', ')}${unexpected.length > 4 ? ', …' : ''}`
        : '',
      hasOutput ? '' : `no last_hidden_state output (it has ${io.outputNames.slice(0, 4).join(', ')})`,
    ].filter(Boolean);
    throw new PocketLMError(
      'INVALID_MODEL',
      `${source} is not an encoder export: ${parts.join('; ')}. Export it with Optimum (task feature-extraction).`,
      { details: { inputNames: [...io.inputNames], outputNames: [...io.outputNames] } },
    );
  }
  for (const name of io.inputNames) {
    const meta = io.inputMetadata?.find((m) => m.name === name);
    if (meta?.isTensor && meta.type !== 'int64') {
      throw new PocketLMError('INVALID_MODEL', `${source}: input ${name} is ${meta.type}, expected int64.`);
    }
  }
  const states = io.outputMetadata?.find((m) => m.name === 'last_hidden_state');
  let hiddenSize: number | undefined;
  if (states?.isTensor && states.shape !== undefined) {
    if (states.type !== 'float32' || states.shape.length !== 3) {
      throw new PocketLMError(
        'INVALID_MODEL',
        `${source}: last_hidden_state is ${states.type} [${states.shape.join(', ')}]; expected float32 [batch, sequence, hidden].`,
      );
    }
    const width = states.shape[2];
    hiddenSize = typeof width === 'number' && width > 0 ? width : undefined;
  }
  return {
    tokenTypeIds: inputs.has('token_type_ids'),
    positionIds: inputs.has('position_ids'),
    hiddenSize,
  };
}
