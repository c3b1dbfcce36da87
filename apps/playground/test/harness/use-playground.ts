import { afterAll, beforeAll } from 'vitest';
import { type PlaygroundEnv, startPlaygroundEnv } from './playground-env.js';
import type { PlaygroundPage } from './playground-page.js';

/** The file's environment and its one open playground tab, set once `beforeAll` has run. */
export interface PlaygroundSuite {
  env: PlaygroundEnv;
  page: PlaygroundPage;
}

/**
 * Every browser test file's setup: builds and serves the playground and opens one tab before the file's tests,
 * closes Chromium and the server after. Read `env` / `page` inside tests (they are set in `beforeAll`).
 */
export function usePlayground(): PlaygroundSuite {
  const suite = {} as PlaygroundSuite;
  beforeAll(async () => {
    suite.env = await startPlaygroundEnv();
    suite.page = await suite.env.openPage();
  });
  afterAll(async () => {
    await suite.env?.close();
  });
  return suite;
}
