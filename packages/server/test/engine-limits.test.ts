import type { Engine } from '@pocketlm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/index.js';
import { closeAll, eventually, liveServer, post, schedulerPending, tinyEngine } from './live-server.js';

describe("the engine's own limits", () => {
  let engine: Engine;
  let server: RunningServer;

  beforeAll(async () => {
    // One request running and one waiting: a third is refused by the scheduler at once.
    engine = await tinyEngine({ maxConcurrency: 1, maxQueued: 1 });
    ({ server } = await liveServer(engine));
  });
  afterAll(() => closeAll(server, engine));

  it('a full engine queue is 503 QUEUE_FULL with Retry-After, and the queued requests still finish', async () => {
    const url = `${server.url}/v1/chat/completions`;
    const body = (content: string) => ({
      model: 'tiny',
      messages: [{ role: 'user', content }],
      max_tokens: 300,
    });
    const first = post(url, body('first'));
    await eventually(() => schedulerPending(engine) === 1);
    const second = post(url, body('second'));
    await eventually(() => schedulerPending(engine) === 2);
    const third = await post(url, body('third'));
    expect(third.status).toBe(503);
    expect(third.json.error).toMatchObject({ code: 'QUEUE_FULL', type: 'server_error' });
    expect(third.headers.get('retry-after')).toBe('1');
    const done = await Promise.all([first, second]);
    expect(done.map((r) => r.status)).toEqual([200, 200]);
  });
});
