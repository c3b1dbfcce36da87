import { buildEncoderConfig } from '../../testkit/src/fixtures/encoder-config.js';
import { fixtureSpecs } from '../../testkit/src/fixtures/fixture-specs.js';
import { encoderFixtureTokenizer } from '../../testkit/src/fixtures/fixture-version.js';
import type { Backend } from '../src/backend/backend.js';
import type { EncodeBatch, EncoderRunner } from '../src/embedding/encoder-runner.js';
import { MemoryModelStore, memoryFiles } from './hub-memory-store.js';

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

const encoder = new TextEncoder();

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
  const config: Record<string, unknown> = { ...buildEncoderConfig(spec), hidden_size: FAKE_WIDTH };
  for (const [key, value] of Object.entries(options.config ?? {})) {
    if (value === undefined) delete config[key];
    else config[key] = value;
  }
  const files = new Map<string, Uint8Array>([
    ['config.json', encoder.encode(JSON.stringify(config))],
    ['tokenizer.json', encoder.encode(JSON.stringify(tok.tokenizerJson))],
    ['tokenizer_config.json', encoder.encode(JSON.stringify(tok.tokenizerConfig))],
    ['onnx/model.onnx', new Uint8Array(8)],
  ]);
  for (const [name, value] of Object.entries(options.files ?? {})) {
    files.set(name, encoder.encode(typeof value === 'string' ? value : JSON.stringify(value)));
  }
  const store = new MemoryModelStore();
  store.local.set(
    FAKE_ENCODER,
    memoryFiles(FAKE_ENCODER, () => files),
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
  const backend: Backend = {
    specificationVersion: 'v1',
    name: 'fake',
    capabilities: {
      dtypes: ['fp32'],
      devices: ['cpu'],
      maxBatchSize: options.maxBatchSize ?? 4,
      allPositionLogits: true,
    },
    store,
    requiredFiles: () => [{ name: 'onnx/model.onnx' }],
    loadModel: () => Promise.reject(new Error('not a generative model')),
    ...(options.withoutEncoder ? {} : { loadEncoder: async () => runner }),
  };
  return { backend, runner };
}
