import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureFixture, type StaticServer, startStaticServer } from '@pocketlm/testkit';
import { type LaunchedChromium, launchChromium } from '@pocketlm/testkit/browser';
import { build } from 'vite';
import { afterAll, beforeAll, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
let server: StaticServer;
let chromium: LaunchedChromium;

beforeAll(async () => {
  const outDir = await mkdtemp(join(tmpdir(), 'pocketlm-browser-chat-'));
  await build({
    root,
    configFile: join(root, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  });
  const fixture = await ensureFixture('tiny', { root: process.env.POCKETLM_FIXTURES_DIR });
  server = await startStaticServer({
    root: outDir,
    mounts: { '/models/tiny': fixture },
    crossOriginIsolated: true,
  });
  chromium = await launchChromium();
});

afterAll(async () => {
  await chromium?.close();
  await server?.close();
});

it('builds, loads a model in its worker and streams a reply in Chromium', async () => {
  const page = await chromium.newPage();
  const urls: string[] = [];
  chromium.context.on('request', (request) => urls.push(request.url()));
  await page.goto(`${server.url}/?model=${encodeURIComponent(`${server.url}/models/tiny`)}`);
  await page.locator('#send:not([disabled])').waitFor({ timeout: 60_000 });
  expect(await page.locator('#status').textContent()).toMatch(/^Ready \(\w+\)/);
  await page.locator('#send').click();
  await page.locator('#reply[data-done]').waitFor({ timeout: 60_000 });
  expect(await page.locator('#reply').getAttribute('data-done')).toMatch(/^[1-9]\d* tokens$/);
  expect(chromium.errors).toEqual([]);
  // The model came from our server, and so did onnxruntime's .wasm: nothing was fetched from anywhere else.
  expect(server.requestCount('/models/tiny/')).toBeGreaterThan(0);
  expect(server.requests.some((r) => r.path.endsWith('.wasm') && r.status === 200)).toBe(true);
  expect(urls.filter((url) => !url.startsWith(server.url) && !url.startsWith('blob:'))).toEqual([]);
});
