import { PocketLMError } from '../errors/pocketlm-error.js';
import { optionalPositiveInt, readJsonConfig } from '../model/read-json-config.js';

/** What a classifier needs from `config.json`; the architecture itself is the backend's business. */
export interface ClassifierConfig {
  /** `id2label`, in id order. */
  labels: string[];
  multiLabel: boolean;
  maxPositionEmbeddings: number | undefined;
  vocabSize: number | undefined;
}

/** `id2label` as a label list; throws unless the ids are exactly 0..n-1 and the labels distinct strings. */
function parseLabels(value: unknown, source: string): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new PocketLMError(
      'INVALID_MODEL',
      `${source} has no "id2label", so it is not a sequence classifier (or was exported without its labels).`,
      { details: { source } },
    );
  }
  const entries = Object.entries(value as Record<string, unknown>);
  const labels = new Array<string>(entries.length);
  for (const [key, label] of entries) {
    const id = Number(key);
    if (!Number.isInteger(id) || id < 0 || id >= entries.length || String(id) !== key) {
      throw new PocketLMError(
        'INVALID_MODEL',
        `${source}: "id2label" must map the ids 0..${entries.length - 1}, got key "${key}".`,
        { details: { source, key } },
      );
    }
    if (typeof label !== 'string' || label.length === 0) {
      throw new PocketLMError('INVALID_MODEL', `${source}: id2label["${key}"] must be a non-empty string.`, {
        details: { source, key },
      });
    }
    labels[id] = label;
  }
  if (labels.length === 0 || new Set(labels).size !== labels.length) {
    throw new PocketLMError(
      'INVALID_MODEL',
      `${source}: "id2label" must list at least one label, each once.`,
      {
        details: { source, labels },
      },
    );
  }
  return labels;
}

/**
 * Parses a sequence classifier's `config.json`: its labels (`id2label`), whether they are independent
 * (`problem_type`), and its limits. Throws `INVALID_CONFIG` for text that is not a JSON object, `INVALID_MODEL`
 * for a model that is not a classifier (no usable `id2label`, a non-classification `architectures`, regression).
 */
export function parseClassifierConfig(text: string, source = 'config.json'): ClassifierConfig {
  const r = readJsonConfig(text, source);
  const architectures = Array.isArray(r.architectures)
    ? r.architectures.filter((a) => typeof a === 'string')
    : [];
  // A generative model's config may still carry transformers' default LABEL_0/LABEL_1; its head is not a classifier.
  if (architectures.length > 0 && !architectures.some((a) => a.endsWith('ForSequenceClassification'))) {
    throw new PocketLMError(
      'INVALID_MODEL',
      `${source} describes a ${architectures.join(', ')}, not a sequence classifier (XForSequenceClassification).`,
      { details: { source, architectures } },
    );
  }
  if (r.problem_type === 'regression') {
    throw new PocketLMError('INVALID_MODEL', `${source}: a regression model has no label probabilities.`, {
      details: { source },
    });
  }
  return {
    labels: parseLabels(r.id2label, source),
    multiLabel: r.problem_type === 'multi_label_classification',
    maxPositionEmbeddings: optionalPositiveInt(r.max_position_embeddings),
    vocabSize: optionalPositiveInt(r.vocab_size),
  };
}
