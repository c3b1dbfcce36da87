import { request } from 'node:http';
import { type Engine, PocketLMError } from '@pocketlm/core';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createRequestHandler,
  type RequestHandlerOptions,
  type RunningServer,
  startServer,
} from '../src/index.js';
import { closeAll, liveServer, post, tinyEngine, tinyServer } from './live-server.js';

const messages = [{ role: 'user', content: 'hi' }];

describe('bad input gets an OpenAI error body with the right status', () => {
  let engine: Engine;
  let server: RunningServer;
  let client: OpenAI;
  let chatUrl: string;

  beforeAll(async () => {
    ({ engine, server, client } = await tinyServer({ maxBodyBytes: 4096 }));
    chatUrl = `${server.url}/v1/chat/completions`;
  });
  afterAll(() => closeAll(server, engine));

  it('malformed JSON is 400', async () => {
    const { status, json } = await post(chatUrl, '{"model": "tiny", "messages": [');
    expect(status).toBe(400);
    expect(json.error).toMatchObject({ type: 'invalid_request_error', code: 'INVALID_OPTIONS', param: null });
    expect(json.error.message).toMatch(/not valid JSON/);
  });

  it('a body that is not declared as JSON is 415 (so a cross-origin page cannot post one without a preflight)', async () => {
    const body = JSON.stringify({ model: 'tiny', messages, max_tokens: 2 });
    const plain = await post(chatUrl, body, { 'content-type': 'text/plain' });
    expect(plain.status).toBe(415);
    expect(plain.json.error.message).toMatch(/application\/json/);
    const charset = await post(chatUrl, body, { 'content-type': 'application/json; charset=utf-8' });
    expect(charset.status).toBe(200);
  });

  it('a body that is not an object is 400', async () => {
    const { status, json } = await post(chatUrl, '[1, 2]');
    expect(status).toBe(400);
    expect(json.error.message).toMatch(/JSON object/);
  });

  it('an unknown field is 400 naming it, at the top level and inside a message', async () => {
    const top = await post(chatUrl, { model: 'tiny', messages, max_tokens: 2, temprature: 0.5 });
    expect(top.status).toBe(400);
    expect(top.json.error).toMatchObject({ code: 'INVALID_OPTIONS', param: 'temprature' });
    expect(top.json.error.message).toContain('"temprature"');

    const nested = await post(chatUrl, {
      model: 'tiny',
      messages: [{ role: 'user', content: 'x', mood: 1 }],
    });
    expect(nested.status).toBe(400);
    expect(nested.json.error.param).toBe('messages[0].mood');
  });

  it('OpenAI fields the server does not use are accepted and ignored', async () => {
    const { status, json } = await post(chatUrl, {
      model: 'tiny',
      messages,
      max_tokens: 2,
      user: 'someone',
      store: false,
      metadata: { a: 'b' },
      logit_bias: { '5': 1 },
    });
    expect(status).toBe(200);
    expect(json.object).toBe('chat.completion');
  });

  it('a wrong type is 400 naming the field and what was expected', async () => {
    const { status, json } = await post(chatUrl, { model: 'tiny', messages, max_tokens: 'ten' });
    expect(status).toBe(400);
    expect(json.error.param).toBe('max_tokens');
    expect(json.error.message).toMatch(/expected number/);

    const role = await post(chatUrl, { model: 'tiny', messages: [{ role: 'user', content: 5 }] });
    expect(role.status).toBe(400);
    expect(role.json.error.param).toBe('messages[0].content');
  });

  it('n over 8 is refused, and n > 1 on text completions (several prompts do that)', async () => {
    const { status, json } = await post(chatUrl, { model: 'tiny', messages, n: 9 });
    expect(status).toBe(400);
    expect(json.error).toMatchObject({ param: 'n' });
    const text = await post(`${server.url}/v1/completions`, { model: 'tiny', prompt: 'x', n: 2 });
    expect(text.status).toBe(400);
    expect(text.json.error.param).toBe('n');
  });

  it('a body over the limit is 413, before it is read', async () => {
    const big = { model: 'tiny', messages: [{ role: 'user', content: 'x'.repeat(5000) }] };
    const { status, json } = await post(chatUrl, big);
    expect(status).toBe(413);
    expect(json.error).toMatchObject({ code: 'RATE_LIMITED', type: 'invalid_request_error' });
    expect(json.error.message).toMatch(/4096 bytes/);
  });

  it('a chunked body (no Content-Length) is cut off with 413 as it passes the limit', async () => {
    const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        chatUrl,
        { method: 'POST', headers: { 'content-type': 'application/json' } },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (d) => {
            body += d;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      // 3 KiB chunks: the second one passes the 4 KiB limit; the rest is never read.
      req.write(`{"model":"tiny","messages":[{"role":"user","content":"${'x'.repeat(3000)}`);
      req.write('y'.repeat(3000));
      req.end('"}]}');
    });
    expect(status).toBe(413);
    expect(JSON.parse(body).error.code).toBe('RATE_LIMITED');
  });

  it('an unknown model is 404 MODEL_NOT_FOUND (the openai client throws NotFoundError)', async () => {
    const error = await client.chat.completions
      .create({ model: 'gpt-9', messages: [{ role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect((error as InstanceType<typeof OpenAI.NotFoundError>).code).toBe('MODEL_NOT_FOUND');
    expect((error as InstanceType<typeof OpenAI.NotFoundError>).param).toBe('model');
  });

  it('text completions and embeddings answer malformed JSON, unknown fields, wrong types and unknown models alike', async () => {
    const valid = {
      completions: { model: 'tiny', prompt: 'hi', max_tokens: 1 },
      embeddings: { model: 'tiny', input: 'hi' },
    };
    for (const [route, body] of Object.entries(valid)) {
      const url = `${server.url}/v1/${route}`;
      expect((await post(url, '{"model": ')).json.error.message).toMatch(/not valid JSON/);
      const unknown = await post(url, { ...body, colour: 'red' });
      expect([unknown.status, unknown.json.error.param]).toEqual([400, 'colour']);
      const wrongType = await post(url, { ...body, model: 7 });
      expect([wrongType.status, wrongType.json.error.param]).toEqual([400, 'model']);
      const missing = await post(url, { ...body, model: 'gpt-9' });
      expect([missing.status, missing.json.error.code]).toEqual([404, 'MODEL_NOT_FOUND']);
    }
  });

  it('a prompt longer than the context is 400 CONTEXT_OVERFLOW', async () => {
    const long = Array.from({ length: 3000 }, (_, i) => `w${i % 10}`)
      .join(' ')
      .slice(0, 3900);
    const { status, json } = await post(chatUrl, {
      model: 'tiny',
      messages: [{ role: 'user', content: long }],
      max_tokens: 2000,
    });
    expect(status).toBe(400);
    expect(json.error.code).toBe('CONTEXT_OVERFLOW');
  });

  it('tool-call arguments that are not a JSON object are 400 naming the message', async () => {
    const { status, json } = await post(chatUrl, {
      model: 'tiny',
      messages: [
        { role: 'user', content: 'hi' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: 'not json' } }],
        },
      ],
    });
    expect(status).toBe(400);
    expect(json.error.param).toBe('messages[1].tool_calls[0].function.arguments');
  });

  it('an unknown route is 404 and a wrong method 405', async () => {
    expect((await post(`${server.url}/v1/nothing`, {})).status).toBe(404);
    const get = await fetch(chatUrl);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
  });
});

describe('API key and rate limit', () => {
  let engine: Engine;

  beforeAll(async () => {
    engine = await tinyEngine();
  });
  afterAll(async () => {
    await engine?.dispose();
  });

  it('needs the Bearer key on /v1 routes (401 otherwise), not on /health', async () => {
    const { server, client } = await liveServer(engine, { apiKey: 'sekret' });
    try {
      const url = `${server.url}/v1/chat/completions`;
      const missing = await post(url, { model: 'tiny', messages });
      expect(missing.status).toBe(401);
      expect(missing.json.error).toMatchObject({ type: 'authentication_error', code: 'invalid_api_key' });
      expect(missing.headers.get('www-authenticate')).toBe('Bearer');
      const wrong = await post(url, { model: 'tiny', messages }, { authorization: 'Bearer nope' });
      expect(wrong.status).toBe(401);
      const wrongClient = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'nope', maxRetries: 0 });
      await expect(wrongClient.models.list()).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
      const models = await client.models.list();
      expect(models.data.map((m) => m.id)).toEqual(['tiny']);
      expect((await fetch(`${server.url}/health`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('refuses bad server options with INVALID_OPTIONS', async () => {
    const models = { tiny: { generator: engine } };
    const invalid = (options: unknown) => {
      try {
        createRequestHandler(options as RequestHandlerOptions);
      } catch (error) {
        return PocketLMError.isInstance(error, 'INVALID_OPTIONS') ? error.message : error;
      }
      return 'accepted';
    };
    expect(invalid({ models: {} })).toMatch(/at least one model/);
    expect(invalid({ models: { x: {} } })).toMatch(/"x" needs a "generator" or an "embedder"/);
    expect(invalid({ models, maxBodyBytes: 0 })).toMatch(/maxBodyBytes/);
    expect(invalid({ models, apiKey: '' })).toMatch(/apiKey/);
    expect(invalid({ models, rateLimit: { requestsPerMinute: 1.5 } })).toMatch(/requestsPerMinute/);
    await expect(startServer({ models, port: 70000 })).rejects.toThrow(/"port"/);
  });

  it('refuses requests over the per-minute limit with 429 and Retry-After', async () => {
    const { server, client } = await liveServer(engine, { rateLimit: { requestsPerMinute: 2 } });
    try {
      await client.models.list();
      await client.models.list();
      const response = await fetch(`${server.url}/v1/models`);
      expect(response.status).toBe(429);
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await response.json()).error).toMatchObject({ type: 'rate_limit_error', code: 'RATE_LIMITED' });
      await expect(client.models.list()).rejects.toBeInstanceOf(OpenAI.RateLimitError);
    } finally {
      await server.close();
    }
  });
});
