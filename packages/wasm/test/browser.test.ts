import { rm } from 'node:fs/promises';
import { FullKVCache, type WeightDType } from '@pocketlm/core';
import { startStaticServer } from '@pocketlm/testkit';
import { launchChromium } from '@pocketlm/testkit/browser';
import { describe, expect, it } from 'vitest';
import { bundleForBrowser } from './browser/bundle-for-browser.js';
import { fixtureDir, loadFixtureRunner } from './wasm-fixtures.js';

const TOKENS = [1, 22, 333, 44, 5, 66, 7, 88];

// The kernels and the forward pass are the same bytes in Node and in Chromium, so the logits must be the same bits.
describe('in Chromium', () => {
  it('the bundled backend computes the same logits as in Node (f32 safetensors, q8 quantized in WASM, GGUF q4_0)', async () => {
    const fixture = await fixtureDir('tiny');
    const { dir, files } = await bundleForBrowser({ page: 'test/browser/page.ts' });
    const server = await startStaticServer({
      files: {
        '/index.html': '<!doctype html><script type="module" src="/page.js"></script>',
        ...files,
        // Chromium asks for one; a 404 would show up as a console error.
        '/favicon.ico': new Uint8Array(0),
      },
      mounts: { '/models/tiny': fixture },
    });
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(`${server.url}/`);
      await page.waitForFunction(() => (globalThis as { wasmPageReady?: boolean }).wasmPageReady === true);
      const cases: [string, WeightDType][] = [
        ['model.safetensors', 'fp32'],
        ['model.safetensors', 'q8'],
        ['model-q4_0.gguf', 'fp32'],
      ];
      for (const [file, dtype] of cases) {
        const inBrowser = await page.evaluate(
          ([base, f, d, tokens]) =>
            (
              globalThis as unknown as {
                wasmPage: { logits(b: string, f: string, d: string, t: number[]): Promise<number[]> };
              }
            ).wasmPage.logits(base, f, d, tokens),
          [`${server.url}/models/tiny`, file, dtype, TOKENS] as const,
        );
        const runner = await loadFixtureRunner('tiny', { dtype }, { file });
        const out = await runner.forward({
          sequences: [
            {
              tokens: TOKENS,
              positions: TOKENS.map((_, i) => i),
              cache: new FullKVCache(runner.kvLayout),
              logits: 'all',
            },
          ],
        });
        await runner.dispose();
        expect(Float32Array.from(inBrowser), `${file} ${dtype}`).toEqual(out.logits[0]);
      }
      const missing = server.requests.filter((r) => r.status === 404).map((r) => r.path);
      expect(missing).toEqual([]);
      expect(browser.errors).toEqual([]);
    } finally {
      await browser.close();
      await server.close();
      await rm(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
