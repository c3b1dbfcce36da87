import { describe, expect, it } from 'vitest';
import { createEmbedder } from '../src/embedding/create-embedder.js';
import { FAKE_ENCODER, type FakeEncoderOptions, fakeEncoderBackend } from './embedding-fake-backend.js';
import { codeOf } from './embedding-fake-shared.js';

const load = (options: FakeEncoderOptions = {}, extra: Record<string, unknown> = {}) => {
  const fake = fakeEncoderBackend(options);
  return { ...fake, loading: createEmbedder({ backend: fake.backend, model: FAKE_ENCODER, ...extra }) };
};

describe('createEmbedder errors', () => {
  it('BACKEND_UNAVAILABLE for a backend that cannot run encoders', async () => {
    const { loading } = load({ withoutEncoder: true });
    await expect(loading).rejects.toThrow(/fake backend cannot run encoder models/);
    expect(await codeOf(loading)).toBe('BACKEND_UNAVAILABLE');
  });

  it('INVALID_OPTIONS for bad pooling, normalize, batchSize and maxLength', async () => {
    for (const extra of [{ pooling: 'max' }, { normalize: 'yes' }, { batchSize: 0 }, { maxLength: 129 }]) {
      expect(await codeOf(load({}, extra).loading), JSON.stringify(extra)).toBe('INVALID_OPTIONS');
    }
  });

  it('INVALID_MODEL for a pooling mode we do not run, unless pooling is given', async () => {
    const files = { '1_Pooling/config.json': { pooling_mode_max_tokens: true } };
    const { loading } = load({ files });
    await expect(loading).rejects.toThrow(/pooling_mode_max_tokens; PocketLM pools with mean or cls/);
    expect(await codeOf(loading)).toBe('INVALID_MODEL');
    expect(await codeOf(load({ files }, { pooling: 'cls' }).loading)).toBe('resolved');
    expect(await codeOf(load({ files: { '1_Pooling/config.json': '{' } }).loading)).toBe('INVALID_CONFIG');
  });

  it('INVALID_MODEL, and the runner released, when the width disagrees with config.json', async () => {
    const { loading, runner } = load({ hiddenSize: 16 });
    await expect(loading).rejects.toThrow(/states are 16 wide, but config.json says 8/);
    expect(runner.disposed).toBe(true);
    const unknown = load({ hiddenSize: undefined, config: { hidden_size: undefined } });
    expect(await codeOf(unknown.loading)).toBe('INVALID_MODEL');
  });

  it('INVALID_MODEL when the states do not hold one row of the width per token', async () => {
    const embedder = await load({ states: (ids) => new Float32Array(ids.length * 3) }).loading;
    const embed = embedder.embed('hello');
    await expect(embed).rejects.toThrow(/expected 8 per token/);
    expect(await codeOf(embed)).toBe('INVALID_MODEL');
  });

  it('BACKEND_ERROR for non-finite states; INVALID_OPTIONS for a non-string', async () => {
    const nan = await load({ states: (ids) => new Float32Array(ids.length * 8).fill(Number.NaN) }).loading;
    expect(await codeOf(nan.embed('hello'))).toBe('BACKEND_ERROR');
    const embedder = await load().loading;
    expect(await codeOf(embedder.embed(['ok', 7 as unknown as string]))).toBe('INVALID_OPTIONS');
  });

  it('ABORTED before and between batches', async () => {
    const embedder = await load({}, { batchSize: 1 }).loading;
    expect(await codeOf(embedder.embed('hi', { signal: AbortSignal.abort() }))).toBe('ABORTED');
    const controller = new AbortController();
    let calls = 0;
    const gated = await load(
      {
        gate: async () => {
          calls += 1;
          if (calls === 1) controller.abort();
        },
      },
      { batchSize: 1 },
    ).loading;
    expect(
      await codeOf(gated.embed(['one', 'two two', 'three three three'], { signal: controller.signal })),
    ).toBe('ABORTED');
    expect(calls).toBe(1);
  });

  it('DISPOSED after dispose, which waits for running work and frees the runner', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { loading, runner } = load({ gate: () => held });
    const embedder = await loading;
    const running = embedder.embed('hello');
    // Let the batch reach the runner; batches still queued at dispose() reject instead.
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(runner.calls).toHaveLength(1);
    const disposing = embedder.dispose();
    expect(runner.disposed).toBe(false);
    release();
    expect(await running).toHaveLength(1);
    await disposing;
    expect(runner.disposed).toBe(true);
    expect(await codeOf(embedder.embed('again'))).toBe('DISPOSED');
  });
});
