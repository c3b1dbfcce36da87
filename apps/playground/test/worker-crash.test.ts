import { describe, expect, it } from 'vitest';
import { usePlayground } from './harness/use-playground.js';

const playground = usePlayground();

/** Crashes the engine's worker for real from the page (an uncaught error in the worker; see crash-switch.ts). */
async function crashWorker(page: (typeof playground)['page']): Promise<void> {
  await page.page.evaluate(() => window.__pocketlm?.crashWorker());
}

describe('playground in Chromium: the engine worker crashes', () => {
  it('mid-reply: the page shows why, starts a fresh worker, and a model loads and replies again', async () => {
    const { env, page } = playground;
    expect(await page.load(env.modelUrl())).toBe('ready');
    await page.send('Keep talking for a long time.', { maxTokens: 1500, temperature: 0 });
    await page.waitForTokens(3);

    await crashWorker(page);
    await page.errorBanner.waitFor({ state: 'visible' });
    expect(await page.page.getByTestId('error-code').textContent()).toBe('WORKER_CRASHED');
    expect(await page.page.getByTestId('error-message').textContent()).toMatch(
      /restarted.*load the model again/i,
    );
    // The reply the dead worker was writing failed; no model is loaded; the page is not stuck streaming.
    expect((await page.waitForReply()).status).toBe('failed');
    expect(await page.modelStatus.getAttribute('data-state')).toBe('none');
    expect(await page.page.getByTestId('load-button').isEnabled()).toBe(true);

    // The fresh worker loads the model (from the store this time) and replies.
    expect(await page.load(env.modelUrl())).toBe('ready');
    expect(await page.errorBanner.isVisible()).toBe(false);
    await page.send('Are you back?', { maxTokens: 8, temperature: 0 });
    const reply = await page.waitForReply();
    expect(reply.status).toBe('done');
    expect(reply.tokenIds.length).toBeGreaterThan(0);
  });

  it('while idle: the page notices without any call failing, and the next load works', async () => {
    const { env, page } = playground;
    expect(await page.modelStatus.getAttribute('data-state')).toBe('ready');
    await crashWorker(page);
    await page.errorBanner.waitFor({ state: 'visible' });
    expect(await page.page.getByTestId('error-code').textContent()).toBe('WORKER_CRASHED');
    expect(await page.modelStatus.getAttribute('data-state')).toBe('none');

    expect(await page.load(env.modelUrl())).toBe('ready');
    await page.send('Hello again.', { maxTokens: 4, temperature: 0 });
    expect((await page.waitForReply()).status).toBe('done');
    // The cached models list came back from the fresh worker too.
    expect(await page.page.getByTestId('cached-model').count()).toBeGreaterThan(0);
  });
});
