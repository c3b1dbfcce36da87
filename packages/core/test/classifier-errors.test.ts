import { describe, expect, it } from 'vitest';
import { createClassifier } from '../src/classifier/create-classifier.js';
import { FAKE_MODEL, type FakeBackendOptions, fakeClassifierBackend } from './classifier-fake-backend.js';
import { codeOf } from './embedding-fake-shared.js';

const load = (options: FakeBackendOptions = {}) => {
  const fake = fakeClassifierBackend(options);
  return { ...fake, loading: createClassifier({ backend: fake.backend, model: FAKE_MODEL }) };
};

describe('createClassifier errors', () => {
  it('BACKEND_UNAVAILABLE for a backend that cannot run classifiers', async () => {
    const { loading } = load({ withoutClassifier: true });
    await expect(loading).rejects.toThrow(/fake backend cannot run sequence classifiers/);
    expect(await codeOf(loading)).toBe('BACKEND_UNAVAILABLE');
  });

  it('INVALID_MODEL for a model without usable id2label', async () => {
    for (const id2label of [
      undefined,
      {},
      { 0: 'a', 2: 'b' },
      { 0: 'a', 1: 'a' },
      { 0: 'a', 1: 7 },
      ['a', 'b'],
    ]) {
      const { loading } = load({ config: { id2label } });
      expect(await codeOf(loading), JSON.stringify(id2label)).toBe('INVALID_MODEL');
    }
    await expect(load({ config: { id2label: undefined } }).loading).rejects.toThrow(/has no "id2label"/);
  });

  it('INVALID_MODEL for a generative model and for a regression head', async () => {
    const causal = load({ config: { architectures: ['LlamaForCausalLM'] } }).loading;
    await expect(causal).rejects.toThrow(/LlamaForCausalLM, not a sequence classifier/);
    expect(await codeOf(causal)).toBe('INVALID_MODEL');
    expect(await codeOf(load({ config: { problem_type: 'regression' } }).loading)).toBe('INVALID_MODEL');
  });

  it('INVALID_MODEL, and the runner released, when the outputs do not match the labels', async () => {
    const { loading, runner } = load({ numLabels: 3 });
    await expect(loading).rejects.toThrow(/3 outputs, but config.json's id2label has 2 labels/);
    expect(runner.disposed).toBe(true);

    // A graph that leaves the width symbolic is caught on the first call instead.
    const late = load({ numLabels: undefined, logits: () => [1, 2, 3] });
    const classifier = await late.loading;
    const classify = classifier.classify('hello');
    await expect(classify).rejects.toThrow(/3 logits per text, but config.json's id2label has 2 labels/);
    expect(await codeOf(classify)).toBe('INVALID_MODEL');
  });

  it('BACKEND_ERROR for non-finite logits, so no NaN score reaches a threshold', async () => {
    const classifier = await load({ logits: () => [Number.NaN, 0] }).loading;
    expect(await codeOf(classifier.classify('hello'))).toBe('BACKEND_ERROR');
  });

  it('INVALID_OPTIONS for a bad model name, maxLength or input', async () => {
    const { backend } = fakeClassifierBackend();
    expect(await codeOf(createClassifier({ backend, model: '' }))).toBe('INVALID_OPTIONS');
    for (const maxLength of [0, 1.5, 129]) {
      expect(await codeOf(createClassifier({ backend, model: FAKE_MODEL, maxLength }))).toBe(
        'INVALID_OPTIONS',
      );
    }
    const classifier = await createClassifier({ backend, model: FAKE_MODEL });
    expect(await codeOf(classifier.classify(42 as unknown as string))).toBe('INVALID_OPTIONS');
    expect(await codeOf(classifier.classify(['ok', null as unknown as string]))).toBe('INVALID_OPTIONS');
  });

  it('MODEL_NOT_FOUND for a directory that does not exist', async () => {
    const { backend } = fakeClassifierBackend();
    expect(await codeOf(createClassifier({ backend, model: '/no/such/model' }))).toBe('MODEL_NOT_FOUND');
  });
});

describe('abort and dispose', () => {
  it('ABORTED for an aborted load and an aborted classify', async () => {
    const { backend } = fakeClassifierBackend();
    expect(await codeOf(createClassifier({ backend, model: FAKE_MODEL, signal: AbortSignal.abort() }))).toBe(
      'ABORTED',
    );
    const classifier = await createClassifier({ backend, model: FAKE_MODEL });
    expect(await codeOf(classifier.classify('hi', { signal: AbortSignal.abort() }))).toBe('ABORTED');
  });

  it('ABORTED when the signal fires while a batch runs, and the next batches never start', async () => {
    const controller = new AbortController();
    const { backend, runner } = fakeClassifierBackend({
      maxBatchSize: 1,
      gate: async () => controller.abort(),
    });
    const classifier = await createClassifier({ backend, model: FAKE_MODEL });
    expect(await codeOf(classifier.classify(['a', 'b', 'c'], { signal: controller.signal }))).toBe('ABORTED');
    expect(runner.calls).toHaveLength(1);
    // The classifier is still usable.
    expect(await classifier.classify('d')).toHaveLength(1);
  });

  it('dispose waits for the running batch, rejects the queued ones with DISPOSED, then frees the model', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { backend, runner } = fakeClassifierBackend({ maxBatchSize: 1, gate: () => held });
    const classifier = await createClassifier({ backend, model: FAKE_MODEL });
    const running = classifier.classify('first');
    const queued = classifier.classify('second');
    await new Promise((resolve) => setTimeout(resolve, 5));
    const disposing = classifier.dispose();
    expect(runner.disposed).toBe(false);
    release();
    expect(await running).toHaveLength(1);
    expect(await codeOf(queued)).toBe('DISPOSED');
    await disposing;
    expect(runner.disposed).toBe(true);
    expect(runner.calls).toHaveLength(1);
    expect(await codeOf(classifier.classify('later'))).toBe('DISPOSED');
    await classifier.dispose();
  });
});
