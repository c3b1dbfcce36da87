import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Fixtures are generated once into the repository's git-ignored cache and shared by every package's tests.
const fixturesDir = fileURLToPath(new URL('./.cache/fixtures', import.meta.url));

/** The vitest config every workspace package uses: model-loading tests get long timeouts and separate processes. */
export const packageTestConfig = defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 600_000,
    pool: 'forks',
    env: { POCKETLM_FIXTURES_DIR: fixturesDir },
  },
});
