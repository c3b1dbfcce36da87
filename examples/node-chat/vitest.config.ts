import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const fixturesDir = fileURLToPath(new URL('../../.cache/fixtures', import.meta.url));

export default defineConfig({
  test: { include: ['test/**/*.test.ts'], testTimeout: 120_000, env: { POCKETLM_FIXTURES_DIR: fixturesDir } },
});
