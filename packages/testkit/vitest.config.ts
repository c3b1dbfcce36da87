import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 600_000,
    pool: 'forks',
    // Fixtures go to the repo's git-ignored cache so every package's tests share one copy.
    env: { POCKETLM_FIXTURES_DIR: fileURLToPath(new URL('../../.cache/fixtures', import.meta.url)) },
  },
});
