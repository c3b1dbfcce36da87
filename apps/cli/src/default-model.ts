import { homedir } from 'node:os';
import { join } from 'node:path';
import { ensureFixture } from '@pocketlm/testkit';
import type { ProgressReporter } from './progress-reporter.js';

/** The model used when none is given: the tiny fixture, written on first use into the user's cache. */
export const DEFAULT_MODEL_NAME = 'tiny';

export function defaultFixtureRoot(): string {
  return process.env.POCKETLM_FIXTURES_DIR ?? join(homedir(), '.cache', 'pocketlm', 'fixtures');
}

/** Returns the default model's directory, writing it first (with progress) when it is not there yet. */
export async function ensureDefaultModel(progress: ProgressReporter): Promise<string> {
  return ensureFixture(DEFAULT_MODEL_NAME, {
    root: defaultFixtureRoot(),
    onProgress: (e) => progress.update(`writing default model: ${e.step}`, e.done, e.total),
  }).finally(() => progress.done());
}
