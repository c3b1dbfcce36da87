import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';

/** Where Debian installs Chromium; the browser tests never download a browser of their own. */
export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Flags for a quiet, reproducible headless Chromium: no sandbox (containers run as root), no GPU, and none of
 * the background traffic (QUIC, component updates, sync) that would show up in a test server's request log.
 */
export const CHROMIUM_TEST_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Options for {@link launchChromium}. */
export interface LaunchChromiumOptions {
  /** The Chromium binary; default `POCKETLM_CHROMIUM` or `/usr/bin/chromium`. */
  executablePath?: string;
  /** Flags on top of {@link CHROMIUM_TEST_ARGS}. */
  args?: string[];
}

/** A running Chromium with its own fresh profile. */
export interface LaunchedChromium {
  /** The browser context of the profile (one per launch: storage such as OPFS persists across its pages). */
  context: BrowserContext;
  /** The fresh profile folder, removed by `close`. */
  userDataDir: string;
  /** Opens a page that forwards its console errors and uncaught exceptions into `errors`. */
  newPage(): Promise<Page>;
  /** Console errors and uncaught page errors seen so far, for test failure messages. */
  errors: string[];
  /** Closes the browser and removes its profile. */
  close(): Promise<void>;
}

/**
 * Launches Debian's Chromium through playwright-core with a fresh user-data-dir, so each test file starts from
 * empty storage (OPFS, caches, service workers). Throws with an install hint when the binary is missing.
 */
export async function launchChromium(options: LaunchChromiumOptions = {}): Promise<LaunchedChromium> {
  const executablePath = options.executablePath ?? process.env.POCKETLM_CHROMIUM ?? DEFAULT_CHROMIUM_PATH;
  if (!existsSync(executablePath)) {
    throw new Error(`Chromium was not found at ${executablePath}: install it (apt-get install chromium).`);
  }
  // Loaded lazily: playwright-core is an optional peer, needed only by suites that drive a browser.
  const { chromium } = await import('playwright-core');
  const userDataDir = await mkdtemp(join(tmpdir(), 'pocketlm-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args: [...CHROMIUM_TEST_ARGS, ...(options.args ?? [])],
  });
  const errors: string[] = [];
  return {
    context,
    userDataDir,
    errors,
    newPage: async () => {
      const page = await context.newPage();
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      page.on('pageerror', (error) => errors.push(error.stack ?? error.message));
      return page;
    },
    close: async () => {
      await context.close().catch(() => {});
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}
