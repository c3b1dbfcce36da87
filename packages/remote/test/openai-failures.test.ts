import { PocketLMError, type StreamEvent } from '@pocketlm/core';
import { collect } from '@pocketlm/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { createOpenAICompatibleGenerator } from '../src/index.js';
import { closedPort, contentChunk, sse, startRawServer } from './sse-server.js';

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

/** The PocketLMError a stream ends with (fails the test when it ends without one). */
async function failureOf(events: AsyncIterable<StreamEvent>): Promise<PocketLMError> {
  try {
    await collect(events);
  } catch (error) {
    if (PocketLMError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('the stream ended without an error');
}

async function serve(handler: Parameters<typeof startRawServer>[0]) {
  const server = await startRawServer(handler);
  close = server.close;
  return {
    server,
    remote: createOpenAICompatibleGenerator({ baseURL: server.baseURL, model: 'm', timeoutMs: 300 }),
  };
}

describe('createOpenAICompatibleGenerator: failures are typed', () => {
  it('an endpoint that is down → REMOTE_ERROR keeping the network error as cause', async () => {
    const port = await closedPort();
    const remote = createOpenAICompatibleGenerator({ baseURL: `http://127.0.0.1:${port}/v1`, model: 'm' });
    const error = await failureOf(remote.stream({ prompt: 'hi' }));
    expect(error.code).toBe('REMOTE_ERROR');
    expect(error.cause).toBeInstanceOf(Error);
    expect(error.details?.url).toBe(`http://127.0.0.1:${port}/v1/chat/completions`);
  });

  it('an OpenAI-shaped error body → REMOTE_ERROR with status, message, type and code in details', async () => {
    const { remote } = await serve((_req, res) => {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          error: {
            message: 'bad temperature',
            type: 'invalid_request_error',
            code: 'INVALID_OPTIONS',
            param: 'temperature',
          },
        }),
      );
    });
    const error = await failureOf(remote.stream({ prompt: 'hi' }));
    expect(error.code).toBe('REMOTE_ERROR');
    expect(error.details).toMatchObject({
      status: 400,
      message: 'bad temperature',
      type: 'invalid_request_error',
      code: 'INVALID_OPTIONS',
    });
    expect(error.message).toContain('bad temperature');
  });

  it('a non-JSON error page → REMOTE_ERROR with the status and the start of the body', async () => {
    const { remote } = await serve((_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<h1>Bad gateway</h1>');
    });
    const error = await failureOf(remote.stream({ prompt: 'hi' }));
    expect(error.code).toBe('REMOTE_ERROR');
    expect(error.details).toMatchObject({ status: 502, message: '<h1>Bad gateway</h1>' });
  });

  it('a 429 → RATE_LIMITED with the Retry-After seconds', async () => {
    const { remote } = await serve((_req, res) => {
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '3' });
      res.end(JSON.stringify({ error: { message: 'slow down', type: 'rate_limit_error', code: null } }));
    });
    const error = await failureOf(remote.stream({ prompt: 'hi' }));
    expect(error.code).toBe('RATE_LIMITED');
    expect(error.details).toMatchObject({ status: 429, message: 'slow down', retryAfter: 3 });
  });

  it('an event that is not JSON, an error chunk mid-stream, or a stream cut before it finished → REMOTE_ERROR', async () => {
    const bodies = [
      sse(contentChunk('a')) + sse('{not json'),
      sse(contentChunk('a')) + sse({ error: { message: 'model crashed', type: 'server_error' } }),
      sse(contentChunk('a')),
    ];
    const { remote } = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(bodies.shift());
    });
    const messages: string[] = [];
    for (let i = 0; i < 3; i++) {
      const error = await failureOf(remote.stream({ prompt: 'hi' }));
      expect(error.code).toBe('REMOTE_ERROR');
      messages.push(error.message);
    }
    expect(messages[0]).toContain('not JSON');
    expect(messages[1]).toContain('model crashed');
    expect(messages[2]).toContain('ended before the answer finished');
  });

  it('no answer within timeoutMs → TIMEOUT, and the request is cancelled', async () => {
    const { server, remote } = await serve(() => {
      // Accepts the request and never answers.
    });
    const error = await failureOf(remote.stream({ prompt: 'hi' }));
    expect(error.code).toBe('TIMEOUT');
    expect(error.details).toMatchObject({ timeoutMs: 300 });
    await server.requests[0].aborted;
  });

  it('a stream that goes quiet after its first chunk → TIMEOUT', async () => {
    const { server, remote } = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(sse(contentChunk('partial')));
    });
    const seen: StreamEvent[] = [];
    const error = await failureOf(
      (async function* () {
        for await (const event of remote.stream({ prompt: 'hi' })) {
          seen.push(event);
          yield event;
        }
      })(),
    );
    expect(error.code).toBe('TIMEOUT');
    expect(seen).toEqual([{ type: 'text-delta', text: 'partial' }]);
    await server.requests[0].aborted;
  });

  it('time the caller spends between events is not silence: a slow consumer gets no TIMEOUT', async () => {
    const { remote } = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(
        sse(contentChunk('a')) + sse(contentChunk('b')) + sse(contentChunk('c', 'stop')) + sse('[DONE]'),
      );
    });
    const texts: string[] = [];
    for await (const event of remote.stream({ prompt: 'hi' })) {
      if (event.type === 'text-delta') texts.push(event.text);
      await new Promise((resolve) => setTimeout(resolve, 400)); // longer than timeoutMs (300)
    }
    expect(texts).toEqual(['a', 'b', 'c']);
  });

  it('aborting mid-stream → ABORTED with the reason as cause, and the server sees the request cancelled', async () => {
    const { server, remote } = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(sse(contentChunk('first')));
    });
    const controller = new AbortController();
    const reason = new Error('user pressed stop');
    const error = await failureOf(
      (async function* () {
        for await (const event of remote.stream({ prompt: 'hi', signal: controller.signal })) {
          controller.abort(reason);
          yield event;
        }
      })(),
    );
    expect(error.code).toBe('ABORTED');
    expect(error.cause).toBe(reason);
    await server.requests[0].aborted;
  });

  it('an already-aborted signal → ABORTED without sending anything', async () => {
    const { server, remote } = await serve((_req, res) => res.end());
    const error = await failureOf(remote.stream({ prompt: 'hi', signal: AbortSignal.abort() }));
    expect(error.code).toBe('ABORTED');
    expect(server.requests).toHaveLength(0);
  });

  it('breaking out of the stream cancels the HTTP request', async () => {
    const { server, remote } = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(sse(contentChunk('first')));
    });
    for await (const event of remote.stream({ prompt: 'hi' })) {
      expect(event).toEqual({ type: 'text-delta', text: 'first' });
      break;
    }
    await server.requests[0].aborted;
  });
});
