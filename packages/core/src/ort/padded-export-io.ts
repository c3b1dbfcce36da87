import { PocketLMError } from '../errors/pocketlm-error.js';
import type { SessionIO } from './onnx-io-layout.js';
import type { EncoderInputs } from './right-padded-rows.js';

/** Inputs an encoder-style export may take besides `input_ids` and `attention_mask`, and how we fill them. */
const OPTIONAL_INPUTS = ['token_type_ids', 'position_ids'] as const;

/** What kind of Optimum export a padded-batch runner expects, for the checks and their messages. */
export interface PaddedExportKind {
  /** `'a sequence-classification export'`, `'an encoder export'`. */
  description: string;
  /** Optimum's task name, e.g. `text-classification`. */
  task: string;
  /** The output the runner reads, e.g. `logits`. */
  output: string;
}

/**
 * The checks every padded-batch export shares: `input_ids` and `attention_mask` present, no inputs beyond
 * `token_type_ids` / `position_ids`, `kind.output` present, every input int64. Throws `INVALID_MODEL` naming what
 * is wrong; returns which optional inputs the graph takes.
 */
export function checkPaddedExportInputs(
  io: SessionIO,
  source: string,
  kind: PaddedExportKind,
): EncoderInputs {
  const inputs = new Set(io.inputNames);
  const missing = ['input_ids', 'attention_mask'].filter((n) => !inputs.has(n));
  const known = new Set<string>(['input_ids', 'attention_mask', ...OPTIONAL_INPUTS]);
  const unexpected = io.inputNames.filter((n) => !known.has(n));
  const hasOutput = io.outputNames.includes(kind.output);
  if (missing.length > 0 || unexpected.length > 0 || !hasOutput) {
    const parts = [
      missing.length ? `missing inputs ${missing.join(', ')}` : '',
      unexpected.length
        ? `unexpected inputs ${unexpected.slice(0, 4).join(', ')}${unexpected.length > 4 ? ', …' : ''}`
        : '',
      hasOutput ? '' : `no ${kind.output} output (it has ${io.outputNames.slice(0, 4).join(', ')})`,
    ].filter(Boolean);
    throw new PocketLMError(
      'INVALID_MODEL',
      `${source} is not ${kind.description}: ${parts.join('; ')}. Export it with Optimum (task ${kind.task}).`,
      { details: { inputNames: [...io.inputNames], outputNames: [...io.outputNames] } },
    );
  }
  for (const name of io.inputNames) {
    const meta = io.inputMetadata?.find((m) => m.name === name);
    if (meta?.isTensor && meta.type !== 'int64') {
      throw new PocketLMError('INVALID_MODEL', `${source}: input ${name} is ${meta.type}, expected int64.`);
    }
  }
  return { tokenTypeIds: inputs.has('token_type_ids'), positionIds: inputs.has('position_ids') };
}

/**
 * The width of `kind.output`'s last axis when the graph declares it (labels, hidden size); `undefined` when the
 * graph leaves it symbolic. A declared output that is not float32 of `rank` axes is `INVALID_MODEL`.
 */
export function declaredOutputWidth(
  io: SessionIO,
  source: string,
  kind: PaddedExportKind & { rank: number; shape: string },
): number | undefined {
  const meta = io.outputMetadata?.find((m) => m.name === kind.output);
  if (!meta?.isTensor || meta.shape === undefined) return undefined;
  if (meta.type !== 'float32' || meta.shape.length !== kind.rank) {
    throw new PocketLMError(
      'INVALID_MODEL',
      `${source}: ${kind.output} is ${meta.type} [${meta.shape.join(', ')}]; expected float32 ${kind.shape}.`,
    );
  }
  const width = meta.shape[kind.rank - 1];
  return typeof width === 'number' && width > 0 ? width : undefined;
}
