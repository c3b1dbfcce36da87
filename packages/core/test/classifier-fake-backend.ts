import { buildClassifierConfig } from '../../testkit/src/fixtures/classifier-config.js';
import { fixtureSpecs } from '../../testkit/src/fixtures/fixture-specs.js';
import { fixtureTokenizer } from '../../testkit/src/fixtures/fixture-version.js';
import type { Backend } from '../src/backend/backend.js';
import type {
  ClassifyBatch,
  SequenceClassifierRunner,
} from '../src/classifier/sequence-classifier-runner.js';
import { fakeLoaderBackend, fakeModelStore } from './embedding-fake-shared.js';

/** The model name the fake backend's store opens in place. */
export const FAKE_MODEL = 'fake-classifier';

/** A stand-in classifier model: deterministic logits from the ids, with a record of every call. */
export interface FakeRunner extends SequenceClassifierRunner {
  calls: ClassifyBatch[];
  disposed: boolean;
  /** Calls running right now, and the most seen at once. */
  active: number;
  maxActive: number;
}

export interface FakeBackendOptions {
  /** Overrides of config.json (a value of undefined deletes the key). */
  config?: Record<string, unknown>;
  /** The runner's declared label count (default: 2). */
  numLabels?: number | undefined;
  maxBatchSize?: number;
  /** Logits of one row (default: two logits from the ids' sum and length). */
  logits?: (ids: number[]) => number[];
  /** Waited on inside every runner call, to hold calls in flight. */
  gate?: () => Promise<void>;
  /** Leave out `loadClassifier`, as a generation-only backend does. */
  withoutClassifier?: boolean;
}

/** A row's default logits: spread enough that both labels win for some texts. */
export function defaultLogits(ids: number[]): number[] {
  const sum = ids.reduce((a, b) => a + b, 0);
  return [Math.sin(sum) * 3, Math.cos(ids.length) * 2];
}

/**
 * A backend over an in-memory copy of the tiny-classifier fixture's config and tokenizer, whose runner computes
 * logits in plain JS. Tests the core's side of the contract without any ONNX.
 */
export function fakeClassifierBackend(options: FakeBackendOptions = {}): {
  backend: Backend;
  runner: FakeRunner;
} {
  const spec = fixtureSpecs['tiny-classifier'];
  const tok = fixtureTokenizer('tiny-classifier');
  const store = fakeModelStore(FAKE_MODEL, { ...buildClassifierConfig(spec) }, tok, options.config);
  const logits = options.logits ?? defaultLogits;
  const runner: FakeRunner = {
    numLabels: 'numLabels' in options ? options.numLabels : 2,
    calls: [],
    disposed: false,
    active: 0,
    maxActive: 0,
    async classify(batch) {
      runner.calls.push(batch);
      runner.active += 1;
      runner.maxActive = Math.max(runner.maxActive, runner.active);
      try {
        await options.gate?.();
        return batch.inputIds.map((ids) => Float32Array.from(logits(ids)));
      } finally {
        runner.active -= 1;
      }
    },
    async dispose() {
      runner.disposed = true;
    },
  };
  const backend = fakeLoaderBackend(
    store,
    options.maxBatchSize ?? 4,
    options.withoutClassifier ? {} : { loadClassifier: async () => runner },
  );
  return { backend, runner };
}
