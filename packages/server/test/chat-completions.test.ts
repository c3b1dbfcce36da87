import type { Engine } from '@pocketlm/core';
import type OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/index.js';
import { closeAll, schedulerPending, tinyServer } from './live-server.js';

describe('chat completions through the openai client', () => {
  let engine: Engine;
  let server: RunningServer;
  let client: OpenAI;

  beforeAll(async () => {
    ({ engine, server, client } = await tinyServer());
  });
  afterAll(() => closeAll(server, engine));

  const messages = [{ role: 'user' as const, content: 'Say something.' }];

  it('answers a whole completion with the engine text and usage', async () => {
    const expected = await engine.generate({ messages, maxTokens: 8 });
    const reply = await client.chat.completions.create({ model: 'tiny', messages, max_tokens: 8 });
    expect(reply.object).toBe('chat.completion');
    expect(reply.model).toBe('tiny');
    expect(reply.choices[0].message).toMatchObject({ role: 'assistant', content: expected.text });
    expect(reply.choices[0].finish_reason).toBe(expected.finishReason);
    expect(reply.usage).toMatchObject({
      prompt_tokens: expected.usage.promptTokens,
      completion_tokens: expected.usage.completionTokens,
      total_tokens: expected.usage.totalTokens,
    });
  });

  it('streams chunks whose deltas add up to the same text, then usage when asked', async () => {
    const expected = await engine.generate({ messages, maxTokens: 8 });
    const stream = await client.chat.completions.create({
      model: 'tiny',
      messages,
      max_tokens: 8,
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks[0].choices[0].delta.role).toBe('assistant');
    const text = chunks.map((c) => c.choices[0]?.delta.content ?? '').join('');
    expect(text).toBe(expected.text);
    const finish = chunks.find((c) => c.choices[0]?.finish_reason);
    expect(finish?.choices[0].finish_reason).toBe('length');
    const last = chunks.at(-1);
    expect(last?.choices).toEqual([]);
    expect(last?.usage?.completion_tokens).toBe(8);
    expect(new Set(chunks.map((c) => c.id)).size).toBe(1);
  });

  it('sends no usage chunk unless include_usage is set', async () => {
    const stream = await client.chat.completions.create({
      model: 'tiny',
      messages,
      max_tokens: 4,
      stream: true,
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.every((c) => c.usage == null && c.choices.length === 1)).toBe(true);
  });

  it('constrains the reply to json_object and json_schema response formats', async () => {
    const schema = {
      type: 'object',
      properties: { answer: { type: 'integer' } },
      required: ['answer'],
      additionalProperties: false,
    };
    const reply = await client.chat.completions.create({
      model: 'tiny',
      messages,
      max_tokens: 40,
      response_format: { type: 'json_schema', json_schema: { name: 'answer', schema } },
    });
    const parsed = JSON.parse(reply.choices[0].message.content ?? '');
    expect(Object.keys(parsed)).toEqual(['answer']);
    expect(Number.isInteger(parsed.answer)).toBe(true);

    const object = await client.chat.completions.create({
      model: 'tiny',
      messages,
      max_tokens: 60,
      response_format: { type: 'json_object' },
    });
    if (object.choices[0].finish_reason === 'stop') {
      expect(typeof JSON.parse(object.choices[0].message.content ?? '')).toBe('object');
    } else {
      expect(object.choices[0].message.content?.startsWith('{')).toBe(true);
    }
  });

  it('returns per-token logprobs when asked, whole and streamed, and none otherwise', async () => {
    const reply = await client.chat.completions.create({
      model: 'tiny',
      messages,
      max_tokens: 6,
      logprobs: true,
    });
    const entries = reply.choices[0].logprobs?.content ?? [];
    expect(entries).toHaveLength(6);
    expect(entries.map((e) => e.token).join('')).toBe(reply.choices[0].message.content);
    for (const e of entries) {
      expect(e.logprob).toBeLessThanOrEqual(0);
      expect(e.bytes).toEqual([...Buffer.from(e.token)]);
      expect(e.top_logprobs).toEqual([]);
    }
    const stream = await client.chat.completions.create({
      model: 'tiny',
      messages,
      max_tokens: 6,
      logprobs: true,
      stream: true,
    });
    const streamed = [];
    for await (const chunk of stream) streamed.push(...(chunk.choices[0]?.logprobs?.content ?? []));
    expect(streamed).toEqual(entries);
    const plain = await client.chat.completions.create({ model: 'tiny', messages, max_tokens: 2 });
    expect(plain.choices[0].logprobs).toBeNull();
  });

  it('answers n choices, generated together: sampled with seed + i, each reproducible alone', async () => {
    const request = { model: 'tiny', messages, max_tokens: 8, temperature: 1, seed: 7, n: 3 };
    const reply = await client.chat.completions.create(request);
    expect(reply.choices.map((c) => c.index)).toEqual([0, 1, 2]);
    const alone = await Promise.all(
      [7, 8, 9].map((seed) => engine.generate({ messages, maxTokens: 8, temperature: 1, seed })),
    );
    expect(reply.choices.map((c) => c.message.content)).toEqual(alone.map((r) => r.text));
    expect(reply.usage?.completion_tokens).toBe(alone.reduce((sum, r) => sum + r.usage.completionTokens, 0));

    const stream = await client.chat.completions.create({
      ...request,
      stream: true,
      stream_options: { include_usage: true },
    });
    const texts = ['', '', ''];
    const finishes: (string | null)[] = [null, null, null];
    let usage: OpenAI.CompletionUsage | undefined;
    for await (const chunk of stream) {
      for (const c of chunk.choices) {
        texts[c.index] += c.delta.content ?? '';
        finishes[c.index] = c.finish_reason ?? finishes[c.index];
      }
      usage = chunk.usage ?? usage;
    }
    expect(texts).toEqual(alone.map((r) => r.text));
    expect(finishes.every((f) => f !== null)).toBe(true);
    expect(usage?.completion_tokens).toBe(reply.usage?.completion_tokens);
  });

  it('runs concurrent streams through the scheduler together, each as it would run alone', async () => {
    const prompts = ['one', 'two', 'three', 'four'].map((w) => [{ role: 'user' as const, content: w }]);
    const alone = await Promise.all(prompts.map((m) => engine.generate({ messages: m, maxTokens: 40 })));
    // The most requests the scheduler held at once while the served streams ran.
    let most = 0;
    const sampler = setInterval(() => {
      most = Math.max(most, schedulerPending(engine));
    }, 2);
    const served = await Promise.all(
      prompts.map(async (m) => {
        const stream = await client.chat.completions.create({
          model: 'tiny',
          messages: m,
          max_tokens: 40,
          stream: true,
        });
        let text = '';
        for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
        return text;
      }),
    ).finally(() => clearInterval(sampler));
    expect(served).toEqual(alone.map((r) => r.text));
    expect(most).toBeGreaterThan(1);
  });
});
