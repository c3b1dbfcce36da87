import { ensureFixture } from '@pocketlm/testkit';
import { defaultFixtureRoot } from './default-model.js';
import type { ProgressReporter } from './progress-reporter.js';

/** The embedder used when none is given: the tiny encoder fixture (random weights), written on first use. */
export const DEFAULT_EMBEDDER_NAME = 'tiny-encoder';

/** Returns the default embedder's directory, writing it first (with progress) when it is not there yet. */
export async function ensureDefaultEmbedder(progress: ProgressReporter): Promise<string> {
  return ensureFixture(DEFAULT_EMBEDDER_NAME, {
    root: defaultFixtureRoot(),
    onProgress: (e) => progress.update(`writing default embedder: ${e.step}`, e.done, e.total),
  }).finally(() => progress.done());
}
