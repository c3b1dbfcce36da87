import { ensureFixture } from '@pocketlm/testkit';

/** The directory of a testkit fixture, generated into the shared, git-ignored fixture cache. */
export function fixtureDir(name: 'tiny' | 'smollm-135m' = 'tiny'): Promise<string> {
  return ensureFixture(name, { root: process.env.POCKETLM_FIXTURES_DIR });
}
