import { PocketLMError } from '@pocketlm/core';
import { collect } from '@pocketlm/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { createOpenAICompatibleGenerator, REMOTE_SOURCE } from '../src/index.js';
import { contentChunk, sse, startRawServer } from './sse-server.js';

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

describe('createOpenAICompatibleGenerator: reading the stream', () => {
  it('reassembles events split anywhere across network writes, including inside a UTF-8 character', async () => {
    const stream = [
      ': keep-alive comment\r\n\r\n',
      sse({ choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] }),
      sse(contentChunk('Grüße, ')),
      sse(contentChunk('wörld 🌍')).replaceAll('\n', '\r\n'),
      sse(contentChunk('!', 'length')),
      sse({ choices: [], usage: { prompt_tokens: 7, completion_tokens: 3, total_tokens: 10 } }),
      sse('[DONE]'),
    ].join('');
    const bytes = Buffer.from(stream, 'utf8');
    const server = await startRawServer(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      // Seven-byte writes cut "data:", JSON, CRLF pairs and the multi-byte ü, ö and 🌍.
      for (let i = 0; i < bytes.length; i += 7) {
        res.write(bytes.subarray(i, i + 7));
        await new Promise((r) => setImmediate(r));
      }
      res.end();
    });
    close = server.close;
    const remote = createOpenAICompatibleGenerator({ baseURL: server.baseURL, model: 'm' });
    const events = await collect(remote.stream({ prompt: 'hi' }));
    const deltas = events.filter((e) => e.type === 'text-delta').map((e) => e.text);
    expect(deltas).toEqual(['Grüße, ', 'wörld 🌍', '!']);
    const finish = events.at(-1);
    expect(finish).toMatchObject({
      type: 'finish',
      finishReason: 'length',
      text: 'Grüße, wörld 🌍!',
      tokens: [],
      usage: { promptTokens: 7, cachedPromptTokens: 0, completionTokens: 3, totalTokens: 10 },
    });
    if (finish?.type !== 'finish') throw new Error('no finish');
    expect(finish.timings.totalMs).toBeGreaterThanOrEqual(finish.timings.timeToFirstTokenMs);
  });

  it('maps returned logprobs to token events and structured tool calls to one annotation', async () => {
    const server = await startRawServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const lp = (token: string, logprob: number) => ({ token, logprob, bytes: null, top_logprobs: [] });
      res.write(
        sse({
          choices: [
            {
              index: 0,
              delta: { content: 'Hi there' },
              logprobs: { content: [lp('Hi', -0.25), lp(' there', -1.5)] },
              finish_reason: null,
            },
          ],
        }),
      );
      const call = (d: object) =>
        sse({ choices: [{ index: 0, delta: { tool_calls: [d] }, finish_reason: null }] });
      res.write(
        call({ index: 0, id: 'call_a', type: 'function', function: { name: 'get_', arguments: '{"ci' } }),
      );
      res.write(call({ index: 0, function: { name: 'weather', arguments: 'ty":"Oslo"}' } }));
      res.write(sse({ choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }] }));
      res.end(sse('[DONE]'));
    });
    close = server.close;
    const remote = createOpenAICompatibleGenerator({ baseURL: server.baseURL, model: 'm' });
    const events = await collect(remote.stream({ prompt: 'hi', logprobs: true }));
    expect(events.filter((e) => e.type === 'token')).toEqual([
      { type: 'token', id: -1, text: 'Hi', logprob: -0.25 },
      { type: 'token', id: -1, text: ' there', logprob: -1.5 },
    ]);
    expect(events.find((e) => e.type === 'annotation')).toEqual({
      type: 'annotation',
      source: REMOTE_SOURCE,
      data: { toolCalls: [{ id: 'call_a', name: 'get_weather', arguments: '{"city":"Oslo"}' }] },
    });
    // No usage from the server: the completion is the tokens counted.
    expect(events.at(-1)).toMatchObject({
      finishReason: 'stop',
      usage: { completionTokens: 2, promptTokens: 0 },
    });
  });

  it('reads a whole JSON completion from a server that ignores stream: true', async () => {
    const server = await startRawServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.end(
        JSON.stringify({
          object: 'chat.completion',
          choices: [
            {
              index: 0,
              message: {
                role: 'assistant',
                content: 'Whole answer',
                tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }],
              },
              finish_reason: 'tool_calls',
            },
          ],
          usage: { prompt_tokens: 4, completion_tokens: 2, total_tokens: 6 },
        }),
      );
    });
    close = server.close;
    const remote = createOpenAICompatibleGenerator({ baseURL: server.baseURL, model: 'm' });
    const events = await collect(remote.stream({ prompt: 'hi' }));
    expect(events).toEqual([
      { type: 'text-delta', text: 'Whole answer' },
      {
        type: 'annotation',
        source: REMOTE_SOURCE,
        data: { toolCalls: [{ id: 'c1', name: 'f', arguments: '{}' }] },
      },
      expect.objectContaining({
        type: 'finish',
        text: 'Whole answer',
        finishReason: 'stop',
        usage: expect.objectContaining({ totalTokens: 6 }),
      }),
    ]);
  });

  it('sends the request in OpenAI shape, with the key as a bearer token and the extra headers', async () => {
    const server = await startRawServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(sse(contentChunk('ok', 'stop')) + sse('[DONE]'));
    });
    close = server.close;
    const remote = createOpenAICompatibleGenerator({
      baseURL: `${server.baseURL}/`,
      model: 'big-model',
      apiKey: 'sk-test',
      headers: { 'x-team': 'edge' },
    });
    const schema = { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] };
    const result = await remote.generate({
      messages: [
        { role: 'system', content: 'Be brief.' },
        {
          role: 'assistant',
          content: '',
          tool_calls: [{ type: 'function', function: { name: 'f', arguments: { x: 1 } } }],
        },
        { role: 'tool', content: '42', tool_call_id: 'call_1_0', name: 'f' },
        { role: 'user', content: 'hi' },
      ],
      maxTokens: 12,
      temperature: 0.5,
      topP: 0.9,
      topK: 40,
      seed: 7,
      stop: 'END',
      logprobs: true,
      responseFormat: { type: 'json_schema', schema, name: 'answer' },
      tools: [
        { type: 'function', function: { name: 'f', description: 'adds', parameters: { type: 'object' } } },
      ],
      priority: 3,
    });
    expect(result.text).toBe('ok');
    const [sent] = server.requests;
    expect(sent.headers.authorization).toBe('Bearer sk-test');
    expect(sent.headers['x-team']).toBe('edge');
    expect(sent.body).toEqual({
      model: 'big-model',
      messages: [
        { role: 'system', content: 'Be brief.' },
        {
          role: 'assistant',
          content: '',
          tool_calls: [{ id: 'call_1_0', type: 'function', function: { name: 'f', arguments: '{"x":1}' } }],
        },
        { role: 'tool', content: '42', tool_call_id: 'call_1_0' },
        { role: 'user', content: 'hi' },
      ],
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: 12,
      temperature: 0.5,
      top_p: 0.9,
      top_k: 40,
      seed: 7,
      stop: ['END'],
      logprobs: true,
      tools: [
        { type: 'function', function: { name: 'f', description: 'adds', parameters: { type: 'object' } } },
      ],
      response_format: { type: 'json_schema', json_schema: { name: 'answer', schema, strict: true } },
    });
  });

  it('refuses a constraint OpenAI cannot express before sending anything (UNSUPPORTED_CONSTRAINT)', async () => {
    const server = await startRawServer((_req, res) => res.end());
    close = server.close;
    const remote = createOpenAICompatibleGenerator({ baseURL: server.baseURL, model: 'm' });
    let caught: unknown;
    try {
      remote.stream({ prompt: 'hi', responseFormat: { type: 'regex', pattern: '[a-z]+' } });
    } catch (error) {
      caught = error;
    }
    expect(PocketLMError.isInstance(caught, 'UNSUPPORTED_CONSTRAINT')).toBe(true);
    expect(server.requests).toHaveLength(0);
  });

  it('rejects bad options with INVALID_OPTIONS naming the option', () => {
    const codeOf = (f: () => unknown) => {
      try {
        f();
      } catch (error) {
        return PocketLMError.isInstance(error) ? [error.code, error.details?.option] : error;
      }
    };
    expect(codeOf(() => createOpenAICompatibleGenerator({ baseURL: 'not a url', model: 'm' }))).toEqual([
      'INVALID_OPTIONS',
      'baseURL',
    ]);
    expect(codeOf(() => createOpenAICompatibleGenerator({ baseURL: 'http://x/v1', model: '' }))).toEqual([
      'INVALID_OPTIONS',
      'model',
    ]);
    expect(
      codeOf(() => createOpenAICompatibleGenerator({ baseURL: 'http://x/v1', model: 'm', timeoutMs: 0 })),
    ).toEqual(['INVALID_OPTIONS', 'timeoutMs']);
    const remote = createOpenAICompatibleGenerator({ baseURL: 'http://x/v1', model: 'm' });
    expect(codeOf(() => remote.stream({} as never))).toEqual(['INVALID_OPTIONS', undefined]);
  });
});
