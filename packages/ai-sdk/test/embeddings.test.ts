import { createEmbedder, type Embedder, type Engine } from '@pocketlm/core';
import { nodeBackend } from '@pocketlm/node';
import { ensureFixture } from '@pocketlm/testkit';
import { cosineSimilarity, embed, embedMany } from 'ai';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPocketLM, type PocketLMProvider } from '../src/index.js';
import { tinyEngine } from './engine-fixture.js';

let engine: Engine;
let embedder: Embedder;
let pocketlm: PocketLMProvider;
beforeAll(async () => {
  engine = await tinyEngine();
  embedder = await createEmbedder({
    backend: nodeBackend({ session: { intraOpNumThreads: 1 } }),
    model: await ensureFixture('tiny-encoder'),
  });
  pocketlm = createPocketLM({ generator: engine, embedder });
});
afterAll(async () => {
  await embedder.dispose();
  await engine.dispose();
});

it('embed and embedMany return the embedder’s own vectors, in order, with token usage', async () => {
  const texts = ['The cat sleeps on the mat.', 'Stock markets fell today.', 'A kitten naps on a rug.'];
  const direct = await embedder.embed(texts);
  const { embeddings, usage } = await embedMany({ model: pocketlm.textEmbeddingModel(), values: texts });
  expect(embeddings).toHaveLength(3);
  embeddings.forEach((vector, i) => {
    expect(vector).toHaveLength(embedder.info.dimensions);
    expect(vector).toEqual(Array.from(direct[i]));
  });
  expect(usage.tokens).toBe(texts.reduce((sum, t) => sum + embedder.countTokens(t), 0));

  const { embedding } = await embed({ model: pocketlm.embeddingModel(), value: texts[0] });
  expect(cosineSimilarity(embedding, embeddings[0])).toBeCloseTo(1, 5);
});

it('an aborted embedding call rejects with an AbortError carrying code ABORTED', async () => {
  const error = await embed({
    model: pocketlm.textEmbeddingModel(),
    value: 'hello',
    abortSignal: AbortSignal.abort(),
  }).catch((e: unknown) => e);
  expect(error).toMatchObject({ name: 'AbortError', code: 'ABORTED' });
});
