import { PocketLMError } from '../errors/pocketlm-error.js';
import type { ModelConfig } from '../model/model-config.js';
import type { OrtSession, OrtValueMetadata } from './ort-api.js';

/** The names and metadata of a loaded session's inputs and outputs. */
export type SessionIO = Pick<OrtSession, 'inputNames' | 'outputNames'> &
  Partial<Pick<OrtSession, 'inputMetadata' | 'outputMetadata'>>;

/** Input names of an Optimum / onnx-community decoder export with `numLayers` layers, in feed order. */
export function expectedInputNames(numLayers: number): string[] {
  const names = ['input_ids', 'attention_mask', 'position_ids'];
  for (let l = 0; l < numLayers; l++) names.push(`past_key_values.${l}.key`, `past_key_values.${l}.value`);
  return names;
}

/** Output names of the same export. */
export function expectedOutputNames(numLayers: number): string[] {
  const names = ['logits'];
  for (let l = 0; l < numLayers; l++) names.push(`present.${l}.key`, `present.${l}.value`);
  return names;
}

type Metadata = OrtValueMetadata;

function metadataOf(list: readonly Metadata[] | undefined, name: string): Metadata | undefined {
  // Older ORT builds have no metadata; the name check alone then guards the layout.
  return Array.isArray(list) ? list.find((m) => m.name === name) : undefined;
}

function tensorFacts(
  m: Metadata | undefined,
): { type: string; shape: ReadonlyArray<number | string> } | undefined {
  return m?.isTensor && m.type !== undefined && m.shape !== undefined
    ? { type: m.type, shape: m.shape }
    : undefined;
}

/**
 * Checks that a session has the decoder-with-past layout for `config` and returns the logits width.
 * Throws `INVALID_MODEL` naming every missing input and output, or the first dtype / shape that disagrees with
 * `config.json`, so a wrong export fails at load time instead of inside the first forward.
 */
export function checkOnnxIOLayout(io: SessionIO, config: ModelConfig, source: string): { vocabSize: number } {
  const inputs = new Set(io.inputNames);
  const outputs = new Set(io.outputNames);
  const missingInputs = expectedInputNames(config.numLayers).filter((n) => !inputs.has(n));
  const missingOutputs = expectedOutputNames(config.numLayers).filter((n) => !outputs.has(n));
  if (missingInputs.length > 0 || missingOutputs.length > 0) {
    const parts = [
      missingInputs.length ? `inputs ${missingInputs.join(', ')}` : '',
      missingOutputs.length ? `outputs ${missingOutputs.join(', ')}` : '',
    ].filter(Boolean);
    throw new PocketLMError(
      'INVALID_MODEL',
      `${source} is not a decoder-with-past export for ${config.numLayers} layers: missing ${parts.join('; ')}. ` +
        'Export it with Optimum (task text-generation-with-past).',
      {
        details: {
          missingInputs,
          missingOutputs,
          inputNames: [...io.inputNames],
          outputNames: [...io.outputNames],
        },
      },
    );
  }
  if (inputs.has(`past_key_values.${config.numLayers}.key`)) {
    throw new PocketLMError(
      'INVALID_MODEL',
      `${source} has more layers than config.json's num_hidden_layers (${config.numLayers}).`,
    );
  }

  for (const name of ['input_ids', 'attention_mask', 'position_ids']) {
    const facts = tensorFacts(metadataOf(io.inputMetadata, name));
    if (facts && facts.type !== 'int64') {
      throw new PocketLMError('INVALID_MODEL', `${source}: input ${name} is ${facts.type}, expected int64.`);
    }
  }
  const kv = tensorFacts(metadataOf(io.inputMetadata, 'past_key_values.0.key'));
  if (kv) {
    if (kv.type !== 'float32') {
      throw new PocketLMError(
        'INVALID_MODEL',
        `${source}: the KV cache is ${kv.type}; this backend needs float32.`,
      );
    }
    const [, heads, , dim] = kv.shape;
    if (
      (typeof heads === 'number' && heads !== config.numKVHeads) ||
      (typeof dim === 'number' && dim !== config.headDim)
    ) {
      throw new PocketLMError(
        'INVALID_MODEL',
        `${source}: past_key_values are shaped [${kv.shape.join(', ')}], but config.json gives ` +
          `${config.numKVHeads} KV heads of ${config.headDim}.`,
      );
    }
  }
  const logits = tensorFacts(metadataOf(io.outputMetadata, 'logits'));
  const width = logits?.shape[2];
  if (typeof width === 'number' && width > 0) {
    if (width < config.vocabSize) {
      throw new PocketLMError(
        'INVALID_MODEL',
        `${source}: logits have ${width} columns, fewer than config.json's vocab_size (${config.vocabSize}).`,
      );
    }
    return { vocabSize: width };
  }
  return { vocabSize: config.vocabSize };
}
