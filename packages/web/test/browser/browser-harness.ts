import { ensureFixture, type StaticServer, startStaticServer } from '@pocketlm/testkit';
import { type LaunchedChromium, launchChromium } from '@pocketlm/testkit/browser';
import type { Page } from 'playwright-core';
import { buildTestPage, ortDistDir } from './build-test-page.js';

/** The pieces a browser test drives: the built page, its server, Chromium and the page itself. */
export interface BrowserHarness {
  server: StaticServer;
  browser: LaunchedChromium;
  page: Page;
  /** The tiny fixture's URL on the server (`/models/tiny`). */
  modelUrl: string;
  /** Runs `harness[name](...args)` in the page. */
  call<T = unknown>(name: string, ...args: unknown[]): Promise<T>;
  /** Loads the page again (a "second visit": same profile, so the same OPFS). */
  reload(): Promise<void>;
  close(): Promise<void>;
}

/** Builds the page, serves it (cross-origin isolated, with ORT's wasm and the tiny fixture) and opens it. */
export async function openBrowserHarness(): Promise<BrowserHarness> {
  const [pageDir, fixture] = await Promise.all([buildTestPage(), ensureFixture('tiny')]);
  const server = await startStaticServer({
    root: pageDir,
    mounts: { '/ort': ortDistDir(), '/models/tiny': fixture },
    crossOriginIsolated: true,
    sha256Etags: true,
  });
  const browser = await launchChromium();
  const page = await browser.newPage();
  const open = async () => {
    await page.goto(`${server.url}/`);
    await page.waitForFunction(() => (globalThis as { harnessReady?: boolean }).harnessReady === true);
  };
  await open();
  return {
    server,
    browser,
    page,
    modelUrl: `${server.url}/models/tiny`,
    call: <T>(name: string, ...args: unknown[]) =>
      page.evaluate(
        ([n, a]) =>
          (globalThis as unknown as { harness: Record<string, (...x: unknown[]) => unknown> }).harness[
            n as string
          ](...(a as unknown[])),
        [name, args] as const,
      ) as Promise<T>,
    reload: open,
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
}
