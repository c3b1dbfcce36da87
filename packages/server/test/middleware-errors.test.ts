import { type Engine, type EngineMiddleware, PocketLMError, wrapEngine } from '@pocketlm/core';
import type OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/index.js';
import { closeAll, eventually, post, schedulerPending, tinyServer } from './live-server.js';

/**
 * A middleware that refuses a reply after its second text delta, as a guard does when it spots something
 * mid-stream, and refuses prompts that mention "forbidden" before anything runs.
 */
const blockMidStream: EngineMiddleware = {
  transformRequest: (
    request: Parameters<NonNullable<Parameters<typeof wrapEngine>[1]['transformRequest']>>[0],
  ) => {
    const last = request.messages?.at(-1)?.content ?? request.prompt ?? '';
    if (last.includes('forbidden')) {
      throw new PocketLMError('CONTENT_BLOCKED', 'The prompt was refused by policy.');
    }
    return request;
  },
  async *wrapStream({
    request,
    doStream,
  }: Parameters<NonNullable<Parameters<typeof wrapEngine>[1]['wrapStream']>>[0]) {
    let deltas = 0;
    for await (const event of doStream(request)) {
      yield event;
      if (event.type === 'text-delta' && ++deltas === 2) {
        throw new PocketLMError('CONTENT_BLOCKED', 'The reply was stopped by policy.');
      }
    }
  },
};

describe('errors raised by middleware', () => {
  let engine: Engine;
  let server: RunningServer;
  let client: OpenAI;

  beforeAll(async () => {
    ({ engine, server, client } = await tinyServer({}, (engine) => wrapEngine(engine, blockMidStream)));
  });
  afterAll(() => closeAll(server, engine));

  it('a request refused up front is a 400 CONTENT_BLOCKED, streaming or not', async () => {
    const url = `${server.url}/v1/chat/completions`;
    const messages = [{ role: 'user', content: 'something forbidden' }];
    for (const stream of [false, true]) {
      const { status, json } = await post(url, { model: 'tiny', messages, stream });
      expect(status).toBe(400);
      expect(json.error).toMatchObject({ code: 'CONTENT_BLOCKED', type: 'invalid_request_error' });
    }
  });

  it('a stream that fails after it started ends with an error event and no [DONE]; the engine is freed', async () => {
    const response = await fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'tiny',
        messages: [{ role: 'user', content: 'hi' }],
        max_tokens: 50,
        stream: true,
      }),
    });
    expect(response.status).toBe(200);
    const text = await response.text();
    const events = text.trim().split('\n\n');
    expect(JSON.parse(events.at(-1)!.replace(/^data: /, ''))).toEqual({
      error: {
        message: 'The reply was stopped by policy.',
        type: 'invalid_request_error',
        code: 'CONTENT_BLOCKED',
        param: null,
      },
    });
    expect(text).not.toContain('[DONE]');
    await eventually(() => schedulerPending(engine) === 0);
  });

  it('the openai client surfaces the mid-stream error', async () => {
    const stream = await client.chat.completions.create({
      model: 'tiny',
      messages: [{ role: 'user', content: 'hi' }],
      max_tokens: 50,
      stream: true,
    });
    const read = async () => {
      for await (const _ of stream);
    };
    await expect(read()).rejects.toThrow(/stopped by policy/);
  });
});
