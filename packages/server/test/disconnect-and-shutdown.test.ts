import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Engine, type EngineMiddleware, wrapEngine } from '@pocketlm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequestHandler } from '../src/index.js';
import { eventually, liveServer, schedulerPending, tinyEngine } from './live-server.js';

const longRequest = {
  model: 'tiny',
  messages: [{ role: 'user', content: 'Go on for a long time.' }],
  // The tiny fixture's context is 2048 tokens: this runs for a good while unless aborted.
  max_tokens: 1900,
  stream: true,
};

/** Starts a long stream and resolves once its first chunk has arrived. */
async function startStream(url: string, signal?: AbortSignal) {
  const response = await fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(longRequest),
    signal,
  });
  expect(response.status).toBe(200);
  const reader = response.body!.getReader();
  const first = await reader.read();
  expect(new TextDecoder().decode(first.value)).toMatch(/^data: /);
  return reader;
}

/** Reads a stream to its end and returns its text. */
async function readAll(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  for (;;) {
    const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
    if (done) return text;
    text += decoder.decode(value);
  }
}

/** A middleware that records how each generation ended, so a test tells an abort from a run that finished. */
function recordOutcomes(): { recorder: EngineMiddleware; outcomes: string[] } {
  const outcomes: string[] = [];
  const recorder: EngineMiddleware = {
    async *wrapStream({ request, doStream }) {
      try {
        for await (const event of doStream(request)) {
          if (event.type === 'finish') outcomes.push('finished');
          yield event;
        }
      } catch (error) {
        outcomes.push((error as { code?: string }).code ?? 'error');
        throw error;
      }
    },
  };
  return { recorder, outcomes };
}

describe('client disconnects and shutdown', () => {
  let engine: Engine;

  beforeAll(async () => {
    engine = await tinyEngine();
  });
  afterAll(async () => {
    await engine?.dispose();
  });

  it('a client that disconnects mid-stream aborts its generation; the engine is idle and serves the next request', async () => {
    const { recorder, outcomes } = recordOutcomes();
    const { server, client } = await liveServer(wrapEngine(engine, recorder));
    try {
      const controller = new AbortController();
      await startStream(server.url, controller.signal);
      expect(schedulerPending(engine)).toBe(1);
      controller.abort();
      await eventually(() => outcomes.length === 1);
      expect(outcomes).toEqual(['ABORTED']);
      expect(schedulerPending(engine)).toBe(0);
      const health = await (await fetch(`${server.url}/health`)).json();
      expect(health).toMatchObject({ status: 'ok', active_requests: 0 });
      const reply = await client.chat.completions.create({
        model: 'tiny',
        messages: [{ role: 'user', content: 'again' }],
        max_tokens: 4,
      });
      expect(reply.usage?.completion_tokens).toBe(4);
    } finally {
      await server.close();
    }
  });

  it('a client that gives up on a whole (non-streamed) completion aborts it too', async () => {
    const { recorder, outcomes } = recordOutcomes();
    const { server } = await liveServer(wrapEngine(engine, recorder));
    try {
      const controller = new AbortController();
      const request = fetch(`${server.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...longRequest, stream: false }),
        signal: controller.signal,
      }).catch((e: unknown) => e);
      await eventually(() => schedulerPending(engine) === 1);
      controller.abort();
      expect(await request).toBeInstanceOf(Error);
      await eventually(() => outcomes.length === 1);
      expect(outcomes).toEqual(['ABORTED']);
      expect(schedulerPending(engine)).toBe(0);
    } finally {
      await server.close();
    }
  });

  it('close() lets a stream in flight finish within the grace period', async () => {
    const { server } = await liveServer(engine);
    const response = await fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...longRequest, max_tokens: 24 }),
    });
    const reader = response.body!.getReader();
    const closed = server.close({ graceMs: 60_000 });
    const text = await readAll(reader);
    await closed;
    expect(text).toContain('"finish_reason":"length"');
    expect(text.trimEnd().endsWith('data: [DONE]')).toBe(true);
    await expect(fetch(`${server.url}/health`)).rejects.toThrow();
  });

  it('close() aborts streams still running after the grace period and frees their KV', async () => {
    const { server } = await liveServer(engine);
    const reader = await startStream(server.url);
    await server.close({ graceMs: 50 });
    const rest = await readAll(reader);
    expect(rest).not.toContain('[DONE]');
    expect(schedulerPending(engine)).toBe(0);
  });

  it('aborting the signal passed to startServer closes it', async () => {
    const controller = new AbortController();
    const { server } = await liveServer(engine, { signal: controller.signal });
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
    controller.abort();
    await server.close(); // the same close the signal started, so this waits for it
    await expect(fetch(`${server.url}/health`)).rejects.toThrow();
  });

  it('createRequestHandler mounts in a plain node:http server; after drain() it answers 503 and /health says draining', async () => {
    const handler = createRequestHandler({ models: { tiny: { generator: engine } } });
    const server = createServer(handler);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      expect((await fetch(`${url}/v1/models`)).status).toBe(200);
      handler.drain();
      const refused = await fetch(`${url}/v1/models`);
      expect(refused.status).toBe(503);
      expect((await refused.json()).error.code).toBe('DISPOSED');
      const health = await fetch(`${url}/health`);
      expect(health.status).toBe(503);
      expect(await health.json()).toMatchObject({ status: 'draining' });
      expect(handler.activeRequests).toBe(0);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
