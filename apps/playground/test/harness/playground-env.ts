import { ensureFixture, type StaticServer, startStaticServer } from '@pocketlm/testkit';
import { type LaunchedChromium, launchChromium } from '@pocketlm/testkit/browser';
import { buildPlayground } from './build-page.js';
import { PlaygroundPage } from './playground-page.js';

/** A built playground, the server that serves it and the tiny fixture, and a Chromium with a fresh profile. */
export interface PlaygroundEnv {
  server: StaticServer;
  chromium: LaunchedChromium;
  /** The tiny fixture's directory (the same files the server serves under `/models/`). */
  fixtureDir: string;
  /** URL of the tiny fixture under `name` (each name is a separate model to the browser's store). */
  modelUrl(name?: string): string;
  /** Every URL the browser requested (page, worker, ORT, models), to check nothing left our origin. */
  requestedUrls: string[];
  /** A new tab on the playground. */
  openPage(): Promise<PlaygroundPage>;
  close(): Promise<void>;
}

/** Names the tiny fixture is served under: tests that need a model the store has never seen use a fresh name. */
export const MODEL_NAMES = ['tiny', 'tiny-resume', 'tiny-cancel', 'tiny-wasm'] as const;

/**
 * Builds the playground, serves it and the tiny fixture from one cross-origin-isolated 127.0.0.1 origin (as a real
 * deployment would: the model URL is same-origin, and WASM threads are allowed), and launches Chromium.
 */
export async function startPlaygroundEnv(): Promise<PlaygroundEnv> {
  const [dist, fixtureDir] = await Promise.all([
    buildPlayground(),
    ensureFixture('tiny', { root: process.env.POCKETLM_FIXTURES_DIR }),
  ]);
  const mounts = Object.fromEntries(MODEL_NAMES.map((name) => [`/models/${name}`, fixtureDir]));
  const server = await startStaticServer({ root: dist, mounts, crossOriginIsolated: true });
  const chromium = await launchChromium();
  const requestedUrls: string[] = [];
  chromium.context.on('request', (request) => requestedUrls.push(request.url()));
  return {
    server,
    chromium,
    requestedUrls,
    fixtureDir,
    modelUrl: (name = 'tiny') => `${server.url}/models/${name}`,
    openPage: async () => {
      const page = new PlaygroundPage(await chromium.newPage());
      await page.page.setViewportSize({ width: 1280, height: 860 });
      await page.open(server.url);
      return page;
    },
    close: async () => {
      await chromium.close();
      await server.close();
    },
  };
}
