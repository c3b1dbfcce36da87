import { describe, expect, it } from 'vitest';
import { usePlayground } from './harness/use-playground.js';

const playground = usePlayground();

describe('playground in Chromium: the browser model store', () => {
  it('after a reload, a click in the cached list loads the model from the store with no request for model files', async () => {
    const { env, page } = playground;
    expect(await page.load(env.modelUrl())).toBe('ready');
    const downloaded = env.server.requestCount('/models/');
    expect(downloaded).toBeGreaterThan(0);
    await expect.poll(() => page.page.getByTestId('cached-model').count()).toBe(1);

    await page.page.reload();
    env.server.resetRequests();
    // The cached list remembers the URL the model came from: one click loads it again.
    const cachedModel = page.page.getByTestId('cached-model').first();
    expect(await cachedModel.textContent()).toContain('tiny');
    await cachedModel.getByTestId('load-cached').click();
    expect(await page.waitForModel()).toBe('ready');
    expect(await page.page.getByTestId('model-input').inputValue()).toBe(env.modelUrl());
    expect(await page.page.getByTestId('from-store').isVisible()).toBe(true);
    // The page itself was fetched again; the model was not.
    expect(env.server.requests.filter((r) => r.path.startsWith('/models/'))).toEqual([]);

    await page.send('Hi from the store', { maxTokens: 8 });
    const reply = await page.waitForReply();
    expect(reply.status).toBe('done');
    expect(env.server.requestCount('/models/')).toBe(0);
  });

  it('deleting a cached model empties the list, and the next load downloads it again', async () => {
    const { env, page } = playground;
    const cached = page.page.getByTestId('cached-model');
    await expect.poll(() => cached.count()).toBe(1);
    expect(await cached.first().textContent()).toContain('tiny');
    await cached.first().getByTestId('delete-cached').click();
    await expect.poll(() => cached.count()).toBe(0);

    env.server.resetRequests();
    expect(await page.load(env.modelUrl())).toBe('ready');
    expect(env.server.requestCount('/models/tiny/')).toBeGreaterThan(0);
    expect(await page.page.getByTestId('from-store').count()).toBe(0);
  });
});
