import { createEmbedder, type Embedder, type Engine } from '@pocketlm/core';
import { nodeBackend } from '@pocketlm/node';
import { ensureFixture } from '@pocketlm/testkit';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/index.js';
import { closeAll, liveServer, post, tinyEngine } from './live-server.js';

describe('text completions, models and embeddings', () => {
  let engine: Engine;
  let embedder: Embedder;
  let server: RunningServer;
  let client: OpenAI;

  beforeAll(async () => {
    engine = await tinyEngine();
    embedder = await createEmbedder({
      backend: nodeBackend({ session: { intraOpNumThreads: 1 } }),
      model: await ensureFixture('tiny-encoder'),
    });
    ({ server, client } = await liveServer(engine, {
      models: { tiny: { generator: engine }, encoder: { embedder } },
    }));
  });
  afterAll(() => closeAll(server, embedder, engine));

  it('completes a raw prompt (no chat template), 16 tokens by default as OpenAI does', async () => {
    const expected = await engine.generate({ prompt: 'Once upon a time', maxTokens: 16 });
    const reply = await client.completions.create({ model: 'tiny', prompt: 'Once upon a time' });
    expect(reply.object).toBe('text_completion');
    expect(reply.choices[0]).toMatchObject({ index: 0, text: expected.text, finish_reason: 'length' });
    expect(reply.usage?.completion_tokens).toBe(16);
  });

  it('answers several prompts at once, one choice each, and echoes the prompt when asked', async () => {
    const prompts = ['alpha beta', 'gamma delta'];
    const alone = await Promise.all(prompts.map((prompt) => engine.generate({ prompt, maxTokens: 5 })));
    const reply = await client.completions.create({
      model: 'tiny',
      prompt: prompts,
      max_tokens: 5,
      echo: true,
    });
    expect(reply.choices.map((c) => c.text)).toEqual(prompts.map((p, i) => p + alone[i].text));
    expect(reply.usage?.completion_tokens).toBe(10);
  });

  it('streams text completions with usage at the end', async () => {
    const expected = await engine.generate({ prompt: 'Hello', maxTokens: 6 });
    const stream = await client.completions.create({
      model: 'tiny',
      prompt: 'Hello',
      max_tokens: 6,
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let usage: OpenAI.CompletionUsage | undefined | null;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.text ?? '';
      usage = chunk.usage ?? usage;
    }
    expect(text).toBe(expected.text);
    expect(usage?.completion_tokens).toBe(6);
  });

  it('lists and retrieves models; an unknown one is 404', async () => {
    const list = await client.models.list();
    expect(list.data.map((m) => m.id)).toEqual(['tiny', 'encoder']);
    expect(list.data[0]).toMatchObject({ object: 'model', owned_by: 'pocketlm' });
    expect((await client.models.retrieve('tiny')).id).toBe('tiny');
    await expect(client.models.retrieve('nope')).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });

  it('embeds through the openai client (base64 on the wire) and as floats, equal to the embedder', async () => {
    const texts = ['a small test', 'another sentence'];
    const expected = await embedder.embed(texts);
    const reply = await client.embeddings.create({ model: 'encoder', input: texts });
    expect(reply.data).toHaveLength(2);
    reply.data.forEach((d, i) => {
      expect(d.index).toBe(i);
      expect(d.embedding).toEqual(Array.from(expected[i]));
    });
    expect(reply.usage.prompt_tokens).toBeGreaterThan(0);
    const floats = await post(`${server.url}/v1/embeddings`, {
      model: 'encoder',
      input: 'a small test',
      encoding_format: 'float',
    });
    expect(floats.json.data[0].embedding).toEqual(Array.from(expected[0]));
  });

  it('refuses embeddings from a model without an embedder, and a dimensions it cannot give', async () => {
    const noEmbedder = await post(`${server.url}/v1/embeddings`, { model: 'tiny', input: 'x' });
    expect(noEmbedder.status).toBe(400);
    expect(noEmbedder.json.error.param).toBe('model');
    const dims = await post(`${server.url}/v1/embeddings`, { model: 'encoder', input: 'x', dimensions: 3 });
    expect(dims.status).toBe(400);
    expect(dims.json.error.param).toBe('dimensions');
    const chat = await post(`${server.url}/v1/chat/completions`, {
      model: 'encoder',
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(chat.status).toBe(400);
  });
});
