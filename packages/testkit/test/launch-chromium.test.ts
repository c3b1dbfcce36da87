import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LaunchedChromium, launchChromium } from '../src/browser/launch-chromium.js';
import { type StaticServer, startStaticServer } from '../src/http/static-server.js';

describe('launchChromium', () => {
  let browser: LaunchedChromium;
  let server: StaticServer;

  beforeAll(async () => {
    browser = await launchChromium();
    server = await startStaticServer({
      files: { '/index.html': '<title>ok</title>' },
      crossOriginIsolated: true,
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('opens a cross-origin isolated page from the test server in a fresh profile', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/`);
    expect(await page.title()).toBe('ok');
    expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(true);
    expect(server.requestCount('/index.html') + server.requestCount('/')).toBeGreaterThan(0);
    await page.close();
  });

  it('refuses a missing binary with an install hint', async () => {
    await expect(launchChromium({ executablePath: '/nonexistent/chromium' })).rejects.toThrow(/apt-get/);
  });
});
