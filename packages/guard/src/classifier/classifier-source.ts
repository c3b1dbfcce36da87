import { PocketLMError } from '@pocketlm/core';
import type { GuardClassifier } from './guard-classifier.js';

/** A classifier, or a function that loads one on first use. */
export type ClassifierInput = GuardClassifier | (() => Promise<GuardClassifier>);

/** Throws `INVALID_OPTIONS` unless `value` is a classifier that has every label of `unsafeLabels`. */
export function checkClassifier(value: unknown, unsafeLabels: readonly string[]): GuardClassifier {
  const classifier = value as Partial<GuardClassifier> | null | undefined;
  const labels = classifier?.info?.labels;
  if (typeof classifier?.classify !== 'function' || !Array.isArray(labels)) {
    throw new PocketLMError(
      'INVALID_OPTIONS',
      'classifierCheck: "classifier" must be a Classifier (createClassifier) or a function that returns one.',
    );
  }
  const unknown = unsafeLabels.filter((label) => !labels.includes(label));
  if (unknown.length > 0) {
    // A misspelt label would never match, and the check would pass every text.
    throw new PocketLMError(
      'INVALID_OPTIONS',
      `classifierCheck: unsafeLabels ${unknown.map((l) => `"${l}"`).join(', ')} are not labels of the model ` +
        `(${labels.join(', ')}).`,
      { details: { unknown, labels: [...labels] } },
    );
  }
  return classifier as GuardClassifier;
}

/**
 * Hands out the check's classifier, loading it through the factory on first use. Concurrent checks share one
 * load; a failed load is not remembered, so the next check tries again (a model that appears later, a network
 * that comes back), and each failing check is decided by the check's `onError`.
 */
export class ClassifierSource {
  private loaded: GuardClassifier | undefined;
  private loading: Promise<GuardClassifier> | undefined;

  constructor(
    private readonly input: ClassifierInput,
    private readonly unsafeLabels: readonly string[],
  ) {
    // An instance is checked now, so a wrong label fails where the check is built.
    if (typeof input !== 'function') this.loaded = checkClassifier(input, unsafeLabels);
  }

  get(): Promise<GuardClassifier> {
    if (this.loaded) return Promise.resolve(this.loaded);
    const factory = this.input as () => Promise<GuardClassifier>;
    this.loading ??= (async () => {
      try {
        this.loaded = checkClassifier(await factory(), this.unsafeLabels);
        return this.loaded;
      } finally {
        this.loading = undefined;
      }
    })();
    return this.loading;
  }
}
