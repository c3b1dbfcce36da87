import { buildEncoderConfig } from '../../testkit/src/fixtures/encoder-config.js';
import { fixtureSpecs } from '../../testkit/src/fixtures/fixture-specs.js';
import { encoderFixtureTokenizer } from '../../testkit/src/fixtures/fixture-version.js';
import type { Backend } from '../src/backend/backend.js';
import type { EncodeBatch, EncoderRunner } from '../src/embedding/encoder-runner.js';
import { fakeLoaderBackend, fakeModelStore } from './embedding-fake-shared.js';

/** The model name the fake backend's store opens in place. */
export const FAKE_ENCODER = 'fake-encoder';

/** Width of the fake model's token states. */
export const FAKE_WIDTH = 8;

/** A stand-in encoder: deterministic states from ids and positions, with a record of every call. */
export interface FakeEncoderRunner extends EncoderRunner {
  calls: EncodeBatch[];
  disposed: boolean;
}

export interface FakeEncoderOptions {
  /** Overrides of config.json (a value of undefined deletes the key). */
  config?: Record<string, unknown>;
  /** Extra files, e.g. `1_Pooling/config.json`. */
  files?: Record<string, unknown>;
  /** The runner's declared width (default: FAKE_WIDTH). */
  hiddenSize?: number | undefined;
  maxBatchSize?: number;
  /** One row's flat states (default: {@link fakeStates}). */
  states?: (ids: number[]) => Float32Array;
  /** Waited on inside every runner call, to hold calls in flight. */
  gate?: () => Promise<void>;
  /** Leave out `loadEncoder`, as a generation-only backend does. */
  withoutEncoder?: boolean;
}

/** Token t of a row: values from its id and position, so rows differ and the order of tokens matters. */
export function fakeStates(ids: number[]): Float32Array {
  const out = new Float32Array(ids.length * FAKE_WIDTH);
  ids.forEach((id, t) => {
    for (let j = 0; j < FAKE_WIDTH; j++) out[t * FAKE_WIDTH + j] = Math.sin(id * (j + 1) + t) + 0.1 * j;
  });
  return out;
}

/**
 * A backend over an in-memory copy of the tiny-encoder fixture's config and WordPiece tokenizer, whose runner
 * computes states in plain JS. Tests the core's side of the contract without any ONNX.
 */
export function fakeEncoderBackend(options: FakeEncoderOptions = {}): {
  backend: Backend;
  runner: FakeEncoderRunner;
} {
  const spec = fixtureSpecs['tiny-encoder'];
  const tok = encoderFixtureTokenizer('tiny-encoder');
  const store = fakeModelStore(
    FAKE_ENCODER,
    { ...buildEncoderConfig(spec), hidden_size: FAKE_WIDTH },
    tok,
    options.config,
    options.files,
  );
  const states = options.states ?? fakeStates;
  const runner: FakeEncoderRunner = {
    hiddenSize: 'hiddenSize' in options ? options.hiddenSize : FAKE_WIDTH,
    calls: [],
    disposed: false,
    async encode(batch) {
      runner.calls.push(batch);
      await options.gate?.();
      return batch.inputIds.map(states);
    },
    async dispose() {
      runner.disposed = true;
    },
  };
  const backend = fakeLoaderBackend(
    store,
    options.maxBatchSize ?? 4,
    options.withoutEncoder ? {} : { loadEncoder: async () => runner },
  );
  return { backend, runner };
}
