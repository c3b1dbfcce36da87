import { rm } from 'node:fs/promises';
import { FullKVCache, type WeightDType } from '@pocketlm/core';
import { startStaticServer } from '@pocketlm/testkit';
import { launchChromium } from '@pocketlm/testkit/browser';
import { describe, expect, it } from 'vitest';
import { bundleForBrowser } from './browser/bundle-for-browser.js';
import { fixtureDir, loadFixtureRunner } from './wasm-fixtures.js';

interface PageResult {
  threads: number;
  threadsReason: string;
  crossOriginIsolated: boolean;
  logits: number[];
}

const TOKENS = [1, 22, 333, 44, 5, 66, 7, 88];

async function inChromium(crossOriginIsolated: boolean, dtype: WeightDType, threads: number | 'auto') {
  const fixture = await fixtureDir('tiny');
  const { dir, files } = await bundleForBrowser({
    page: 'test/threads-browser-page.ts',
    'kernel-worker': 'src/threads/kernel-worker.ts',
  });
  const server = await startStaticServer({
    files: {
      ...files,
      '/index.html': '<!doctype html><script type="module" src="/page.js"></script>',
      '/favicon.ico': new Uint8Array(0),
    },
    mounts: { '/models/tiny': fixture },
    crossOriginIsolated,
  });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto(`${server.url}/`);
    await page.waitForFunction(
      () => (globalThis as { threadsPageReady?: boolean }).threadsPageReady === true,
    );
    const result = await page.evaluate(
      ([base, d, t, tokens]) =>
        (
          globalThis as unknown as {
            threadsPage: {
              run(b: string, d: string, t: number | 'auto', tokens: number[]): Promise<PageResult>;
            };
          }
        ).threadsPage.run(base, d, t, tokens),
      [`${server.url}/models/tiny`, dtype, threads, TOKENS] as const,
    );
    expect(browser.errors).toEqual([]);
    return result;
  } finally {
    await browser.close();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}

async function nodeLogits(dtype: WeightDType): Promise<Float32Array> {
  const runner = await loadFixtureRunner('tiny', { dtype }, { threads: 1 });
  try {
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
    return out.logits[0];
  } finally {
    await runner.dispose();
  }
}

describe('threads in Chromium', () => {
  it('a cross-origin isolated page runs two Web Workers on a shared memory, with the bits of one thread in Node', async () => {
    const result = await inChromium(true, 'q8', 2);
    expect(result.crossOriginIsolated).toBe(true);
    expect(result).toMatchObject({ threads: 2, threadsReason: 'threads: 2 was asked for.' });
    expect(Float32Array.from(result.logits)).toEqual(await nodeLogits('q8'));
  }, 300_000);

  it('a page without cross-origin isolation falls back to one thread and says why', async () => {
    const result = await inChromium(false, 'fp32', 'auto');
    expect(result.crossOriginIsolated).toBe(false);
    expect(result.threads).toBe(1);
    expect(result.threadsReason).toMatch(/not cross-origin isolated.*Cross-Origin-Opener-Policy/);
    expect(Float32Array.from(result.logits)).toEqual(await nodeLogits('fp32'));
  }, 300_000);
});
