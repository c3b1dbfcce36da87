import { describe, expect, it } from 'vitest';
import { usePlayground } from './harness/use-playground.js';

const playground = usePlayground();

describe('playground in Chromium: failed downloads', () => {
  it('a model that does not exist shows a visible error, and the page can still load a real one', async () => {
    const { env, page } = playground;
    expect(await page.load(`${env.server.url}/models/no-such-model`)).toBe('failed');
    await page.errorBanner.waitFor({ state: 'visible' });
    expect(await page.page.getByTestId('error-code').textContent()).toBe('MODEL_NOT_FOUND');
    expect(await page.page.getByTestId('error-message').textContent()).toContain('no-such-model');
    expect(await page.page.getByTestId('load-button').isEnabled()).toBe(true);

    expect(await page.load(env.modelUrl())).toBe('ready');
    expect(await page.errorBanner.isVisible()).toBe(false);
  });

  it('a download the server cuts off resumes from where it stopped when loaded again', async () => {
    const { env, page } = playground;
    const weights = '/models/tiny-resume/onnx/model.onnx';
    const cutAt = 100_000;
    env.server.cutOnce(weights, cutAt);

    expect(await page.load(env.modelUrl('tiny-resume'))).toBe('failed');
    expect(await page.page.getByTestId('error-code').textContent()).toBe('DOWNLOAD_FAILED');

    expect(await page.load(env.modelUrl('tiny-resume'))).toBe('ready');
    const weightRequests = env.server.requests.filter((r) => r.path === weights);
    // First the cut response, then one that asks only for the rest: from the bytes the store kept (it may keep
    // fewer than arrived, but never none and never more).
    expect(weightRequests).toHaveLength(2);
    expect(weightRequests[0]?.range).toBeUndefined();
    const resumedFrom = Number(/^bytes=(\d+)-$/.exec(weightRequests[1]?.range ?? '')?.[1]);
    expect(resumedFrom).toBeGreaterThan(0);
    expect(resumedFrom).toBeLessThanOrEqual(cutAt);
    expect(weightRequests[1]?.status).toBe(206);

    await page.send('Does the resumed model work?', { maxTokens: 8 });
    expect((await page.waitForReply()).status).toBe('done');
  });

  it('shows download progress; Cancel stops a load waiting on the network without an error, and it loads later', async () => {
    const { env, page } = playground;
    const weights = `${env.modelUrl('tiny-cancel')}/onnx/model.onnx`;
    // Hold the weights request until the test has pressed Cancel, as a slow connection would.
    let requested!: () => void;
    const weightsRequested = new Promise<void>((resolve) => {
      requested = resolve;
    });
    await env.chromium.context.route(weights, async (route) => {
      requested();
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      await route.continue().catch(() => {});
    });
    await page.page.getByTestId('model-input').fill(env.modelUrl('tiny-cancel'));
    await page.page.getByTestId('load-button').click();
    await weightsRequested;
    // Meanwhile the bar shows what has arrived so far (config and tokenizer files, with their sizes).
    const progress = page.page.getByTestId('progress');
    await progress.waitFor({ state: 'visible' });
    await expect.poll(() => progress.textContent()).toMatch(/\.json \d+(\.\d)? (B|KB) \/ \d+(\.\d)? (B|KB)/);
    await page.page.getByTestId('cancel-load').click();
    await page.page.locator('[data-testid="model-status"][data-state="none"]').waitFor();
    expect(await page.errorBanner.isVisible()).toBe(false);
    expect(await page.page.getByTestId('load-button').isEnabled()).toBe(true);

    await env.chromium.context.unroute(weights);
    expect(await page.load(env.modelUrl('tiny-cancel'))).toBe('ready');
  });
});
