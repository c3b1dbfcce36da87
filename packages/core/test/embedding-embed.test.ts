import { describe, expect, it } from 'vitest';
import type { CreateEmbedderOptions } from '../src/embedding/create-embedder.js';
import { createEmbedder } from '../src/embedding/create-embedder.js';
import {
  FAKE_ENCODER,
  FAKE_WIDTH,
  type FakeEncoderOptions,
  fakeEncoderBackend,
  fakeStates,
} from './embedding-fake-backend.js';

const CLS = 2;
const SEP = 3;

async function load(options: FakeEncoderOptions = {}, embedder: Partial<CreateEmbedderOptions> = {}) {
  const fake = fakeEncoderBackend(options);
  return {
    ...fake,
    embedder: await createEmbedder({ backend: fake.backend, model: FAKE_ENCODER, ...embedder }),
  };
}

/** The expected vector, computed directly from the fake states. */
function expected(ids: number[], pooling: 'mean' | 'cls', normalize: boolean): number[] {
  const states = fakeStates(ids);
  const tokens = pooling === 'cls' ? 1 : ids.length;
  const v = Array.from({ length: FAKE_WIDTH }, (_, j) => {
    let s = 0;
    for (let t = 0; t < tokens; t++) s += states[t * FAKE_WIDTH + j];
    return s / tokens;
  });
  const norm = normalize ? Math.hypot(...v) : 1;
  return v.map((x) => x / norm);
}

const close = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  expect(Math.max(...Array.from(a, (x, i) => Math.abs(x - b[i])))).toBeLessThan(1e-6);

describe('createEmbedder', () => {
  it('mean-pools [CLS] … [SEP] states and normalizes by default', async () => {
    const { embedder, runner } = await load();
    expect(embedder.info).toMatchObject({
      dimensions: FAKE_WIDTH,
      maxLength: 128,
      pooling: 'mean',
      normalize: true,
    });
    const [vector] = await embedder.embed('The forest');
    const ids = runner.calls[0].inputIds[0];
    expect(ids[0]).toBe(CLS);
    expect(ids.at(-1)).toBe(SEP);
    expect(vector).toHaveLength(FAKE_WIDTH);
    close(vector, expected(ids, 'mean', true));
    expect(Math.hypot(...vector)).toBeCloseTo(1, 6);
  });

  it('cls pooling and normalize: false', async () => {
    const { embedder, runner } = await load({}, { pooling: 'cls', normalize: false });
    const [vector] = await embedder.embed('the village');
    close(vector, expected(runner.calls[0].inputIds[0], 'cls', false));
  });

  it('reads the default pooling from 1_Pooling/config.json; an explicit pooling wins', async () => {
    const files = {
      '1_Pooling/config.json': { pooling_mode_cls_token: true, pooling_mode_mean_tokens: false },
    };
    expect((await load({ files })).embedder.info.pooling).toBe('cls');
    expect((await load({ files }, { pooling: 'mean' })).embedder.info.pooling).toBe('mean');
    const mean = { '1_Pooling/config.json': { pooling_mode_mean_tokens: true } };
    expect((await load({ files: mean })).embedder.info.pooling).toBe('mean');
  });

  it('batches by length, at most batchSize rows a call, and returns vectors in input order', async () => {
    const texts = ['a', 'the forest and the village were quiet tonight', 'hi there', 'the dog', 'x', 'sun'];
    const { embedder, runner } = await load({}, { batchSize: 2 });
    const vectors = await embedder.embed(texts);
    expect(runner.calls.every((c) => c.inputIds.length <= 2)).toBe(true);
    const lengths = runner.calls.flatMap((c) => c.inputIds.map((r) => r.length));
    expect(lengths).toEqual([...lengths].sort((a, b) => b - a));
    const single = await load();
    for (const [i, text] of texts.entries()) {
      const [alone] = await single.embedder.embed(text);
      expect(Array.from(vectors[i])).toEqual(Array.from(alone));
    }
  });

  it('clamps batchSize to the backend maximum', async () => {
    const { embedder, runner } = await load({ maxBatchSize: 3 }, { batchSize: 100 });
    await embedder.embed(Array.from({ length: 7 }, () => 'same length'));
    expect(runner.calls.map((c) => c.inputIds.length)).toEqual([3, 3, 1]);
  });

  it('truncates to maxLength, keeping [CLS] and the closing [SEP]', async () => {
    const long = 'the forest was quiet and the village slept '.repeat(10);
    const { embedder, runner } = await load({}, { maxLength: 16 });
    expect(embedder.info.maxLength).toBe(16);
    await embedder.embed(long);
    const ids = runner.calls[0].inputIds[0];
    expect(ids).toHaveLength(16);
    expect(ids[0]).toBe(CLS);
    expect(ids.at(-1)).toBe(SEP);
    const full = await load();
    await full.embedder.embed(long);
    expect(ids.slice(0, 15)).toEqual(full.runner.calls[0].inputIds[0].slice(0, 15));
  });

  it('embeds an empty string as [CLS] [SEP] and an empty list as no vectors', async () => {
    const { embedder, runner } = await load();
    expect(await embedder.embed([])).toEqual([]);
    const [vector] = await embedder.embed('');
    expect(runner.calls[0].inputIds[0]).toEqual([CLS, SEP]);
    expect(vector).toHaveLength(FAKE_WIDTH);
  });
});
