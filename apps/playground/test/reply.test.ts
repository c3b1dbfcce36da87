import { createEngine } from '@pocketlm/core';
import { nodeBackend } from '@pocketlm/node';
import { describe, expect, it } from 'vitest';
import { artifactPath } from './harness/artifacts.js';
import { usePlayground } from './harness/use-playground.js';

const playground = usePlayground();

describe('playground in Chromium: streaming replies', () => {
  it('loads the tiny fixture from a URL, shows the backend and model, and streams a reply with stats', async () => {
    const { env, page } = playground;
    expect(await page.load(env.modelUrl())).toBe('ready');
    expect(await page.page.getByTestId('backend').textContent()).toMatch(/^(wasm|webgpu)$/);
    // The tiny fixture: 2 layers, max_position_embeddings 2048.
    expect(await page.page.getByTestId('model-details').textContent()).toContain(
      '2 layers · 2,048-token context',
    );
    // The first load downloads: every model file came over the network, none from the store.
    expect(env.server.requestCount('/models/tiny/')).toBeGreaterThan(0);
    expect(await page.page.getByTestId('from-store').count()).toBe(0);

    await page.send('Hello there! Tell me a story.', { maxTokens: 24, temperature: 0 });
    const reply = await page.waitForReply();
    expect(reply.status).toBe('done');
    expect(reply.tokenIds.length).toBeGreaterThan(0);
    expect(reply.tokenIds.length).toBeLessThanOrEqual(24);
    expect(reply.stats).toMatch(/TTFT \d/);
    expect(reply.stats).toMatch(/\d+ tokens?/);
    expect(reply.stats).toMatch(/wasm|webgpu/);
    expect(await page.errorBanner.isVisible()).toBe(false);
    await page.page.screenshot({ path: artifactPath('playground.png') });
    expect(env.chromium.errors).toEqual([]);
    // The build holds both of ORT's wasm files (WebGPU-capable .jsep, 28 MB; plain WASM, 14 MB), but the worker
    // imports only the bundle for the chosen device, so the browser fetches exactly one of them.
    const backend = await page.page.getByTestId('backend').textContent();
    const wasmFiles = new Set(
      env.requestedUrls.filter((url) => url.endsWith('.wasm')).map((url) => new URL(url).pathname),
    );
    expect([...wasmFiles]).toEqual([
      expect.stringMatching(
        backend === 'webgpu' ? /\.jsep-[^/]*\.wasm$/ : /\/ort-wasm-simd-threaded-[^/.]*\.wasm$/,
      ),
    ]);
    // Page, worker, onnxruntime's .wasm and the model all came from our own origin: no CDN, no other host.
    expect(
      env.requestedUrls.filter((url) => !url.startsWith(`${env.server.url}/`) && !url.startsWith('blob:')),
    ).toEqual([]);
  });

  it("greedy token ids in the browser equal the node backend's for the same fixture and prompt", async () => {
    const { env, page } = playground;
    const prompt = 'What is the capital of France?';
    const maxTokens = 32;
    // Single-threaded ORT in Node, as the node package's own tests do, so the reference is reproducible.
    const engine = await createEngine({
      backend: nodeBackend({ session: { intraOpNumThreads: 1 } }),
      model: env.fixtureDir,
    });
    const expected = await engine
      .generate({ messages: [{ role: 'user', content: prompt }], maxTokens, temperature: 0 })
      .finally(() => engine.dispose());

    await page.page.getByTestId('clear-button').click();
    await page.send(prompt, { maxTokens, temperature: 0 });
    const reply = await page.waitForReply();
    expect(reply.status).toBe('done');
    expect(expected.tokens.length).toBeGreaterThan(0);
    expect(reply.tokenIds).toEqual(expected.tokens);
    expect(reply.text).toBe(expected.text);
    // The debug hook shows the same ids the bubble carries.
    expect(await page.page.evaluate(() => window.__pocketlm?.lastReplyTokenIds())).toEqual(expected.tokens);
  });

  it('Stop ends a long reply mid-stream, and the page is usable again', async () => {
    const { page } = playground;
    await page.send('Keep talking for a long time.', { maxTokens: 1500, temperature: 0 });
    await page.waitForTokens(3);
    await page.page.getByTestId('stop-button').click();
    const stopped = await page.waitForReply();
    expect(stopped.status).toBe('stopped');
    expect(stopped.tokenIds.length).toBeGreaterThanOrEqual(3);
    expect(stopped.tokenIds.length).toBeLessThan(1500);
    expect(stopped.stats).toContain('stopped');
    expect(await page.page.getByTestId('send-button').isVisible()).toBe(true);
    expect(await page.page.getByTestId('stop-button').isVisible()).toBe(false);

    // The next message gets a complete reply.
    await page.send('And now a short one.', { maxTokens: 8 });
    const next = await page.waitForReply();
    expect(next.status).toBe('done');
    expect(next.tokenIds.length).toBeGreaterThan(0);
    expect(await page.errorBanner.isVisible()).toBe(false);

    // Escape stops a reply too.
    await page.send('One more long one.', { maxTokens: 1500 });
    await page.waitForTokens(3);
    await page.page.keyboard.press('Escape');
    expect((await page.waitForReply()).status).toBe('stopped');
  });
});
