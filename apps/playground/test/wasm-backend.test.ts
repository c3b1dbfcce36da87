import { createEngine } from '@pocketlm/core';
import { nodeBackend } from '@pocketlm/node';
import { describe, expect, it } from 'vitest';
import { usePlayground } from './harness/use-playground.js';

const playground = usePlayground();

describe('playground in Chromium: the PocketLM WASM backend', () => {
  it("runs the tiny fixture's safetensors with no onnxruntime, and its greedy ids equal the node backend's", async () => {
    const { env, page } = playground;
    const prompt = 'What is the capital of France?';
    const maxTokens = 32;
    const engine = await createEngine({
      backend: nodeBackend({ session: { intraOpNumThreads: 1 } }),
      model: env.fixtureDir,
    });
    const expected = await engine
      .generate({ messages: [{ role: 'user', content: prompt }], maxTokens, temperature: 0 })
      .finally(() => engine.dispose());

    await page.pickBackend('pocketlm-wasm');
    expect(await page.load(env.modelUrl('tiny-wasm'))).toBe('ready');
    expect(await page.page.getByTestId('backend').textContent()).toBe('pocketlm-wasm');
    // The wasm backend reads model.safetensors; the ONNX graph is never asked for.
    expect(env.server.requestCount('/models/tiny-wasm/model.safetensors')).toBe(1);
    expect(env.server.requestCount('/models/tiny-wasm/onnx/')).toBe(0);

    await page.send(prompt, { maxTokens, temperature: 0 });
    const reply = await page.waitForReply();
    expect(reply.status).toBe('done');
    expect(expected.tokens.length).toBeGreaterThan(0);
    expect(reply.tokenIds).toEqual(expected.tokens);
    expect(reply.text).toBe(expected.text);
    // The stats line names the backend and the kernel threads it ran on.
    expect(reply.stats).toMatch(/pocketlm-wasm · \d+ threads?/);
    const threads = Number(/pocketlm-wasm · (\d+)/.exec(reply.stats)?.[1]);
    expect(threads).toBeGreaterThanOrEqual(1);

    // No onnxruntime: its .wasm was never fetched (the kernels are embedded in the worker's bundle).
    expect(env.requestedUrls.filter((url) => url.endsWith('.wasm'))).toEqual([]);
    expect(env.requestedUrls.filter((url) => /\/ort[.-][^/]*$/.test(new URL(url).pathname))).toEqual([]);
    expect(env.chromium.errors).toEqual([]);
  });

  it('switching back to ONNX Runtime Web starts its worker and needs the model loaded again', async () => {
    const { env, page } = playground;
    await page.pickBackend('onnxruntime-web');
    expect(await page.modelStatus.getAttribute('data-state')).toBe('none');
    expect(await page.load(env.modelUrl('tiny-wasm'))).toBe('ready');
    expect(await page.page.getByTestId('backend').textContent()).toMatch(/^(wasm|webgpu)$/);
    await page.send('Hello.', { maxTokens: 4, temperature: 0 });
    const reply = await page.waitForReply();
    expect(reply.status).toBe('done');
    expect(reply.stats).not.toContain('pocketlm-wasm');
  });
});
