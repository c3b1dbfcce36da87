import type { Backend } from '../backend/backend.js';
import type { ForwardSequence, ModelRunner } from '../backend/model-runner.js';
import { FullKVCache } from '../kv-cache/full-kv-cache.js';
import type { KVCache } from '../kv-cache/kv-cache.js';
import type { ModelFiles } from '../model/model-files.js';
import type { BackendConformanceOptions } from './backend-conformance-options.js';
import { consecutivePositions } from './test-tokens.js';

/** A snapshot of a cache's bookkeeping and contents, to prove an operation left it untouched. */
export interface CacheSnapshot {
  length: number;
  nextPosition: number;
  positions: number[];
  layers: { key: number[]; value: number[] }[];
}

/**
 * What every check shares: the loaded runner, the fixture, memoised reference logits and small helpers. Filled
 * in by the suite's `beforeAll`; the getters throw if a check runs without it.
 */
export class ConformanceContext {
  readonly options: BackendConformanceOptions;
  readonly tolerance: number;
  private state: { backend: Backend; runner: ModelRunner; dir: string; files: ModelFiles } | undefined;
  private readonly references = new Map<string, Promise<Float32Array>>();

  constructor(options: BackendConformanceOptions) {
    this.options = options;
    this.tolerance = options.tolerance ?? 1e-4;
  }

  /** Creates the backend, resolves the fixture and loads the shared runner. */
  async setUp(): Promise<void> {
    const dir = await this.options.fixtureDir();
    const files = await this.options.openFiles(dir);
    const backend = await this.options.createBackend();
    const runner = await backend.loadModel(files, this.options.loadOptions ?? {});
    this.state = { backend, runner, dir, files };
  }

  async tearDown(): Promise<void> {
    await this.state?.runner.dispose();
    this.state = undefined;
  }

  private get loaded() {
    if (!this.state) throw new Error('The conformance context is not set up (did beforeAll fail?).');
    return this.state;
  }

  get backend(): Backend {
    return this.loaded.backend;
  }

  get runner(): ModelRunner {
    return this.loaded.runner;
  }

  get dir(): string {
    return this.loaded.dir;
  }

  get files(): ModelFiles {
    return this.loaded.files;
  }

  get vocabSize(): number {
    return this.runner.vocabSize;
  }

  /** A second, independent runner on a fresh backend; the caller disposes it. */
  async loadAnotherRunner(): Promise<ModelRunner> {
    const backend = await this.options.createBackend();
    return backend.loadModel(await this.options.openFiles(this.dir), this.options.loadOptions ?? {});
  }

  /** An empty cache laid out for the runner. */
  newCache(runner: ModelRunner = this.runner): KVCache {
    return this.options.createCache?.(runner.kvLayout) ?? new FullKVCache(runner.kvLayout);
  }

  /** Reference logits [tokens, vocab] of `tokens` from an empty cache, computed once per sequence. */
  reference(tokens: number[]): Promise<Float32Array> {
    const key = tokens.join(',');
    let ref = this.references.get(key);
    if (!ref) {
      ref = this.options.referenceLogits(this.dir, tokens);
      this.references.set(key, ref);
    }
    return ref;
  }

  /** One sequence's forward entry, placed right after what `cache` already holds. */
  sequence(cache: KVCache, tokens: number[], logits: 'last' | 'all' = 'all'): ForwardSequence {
    return { tokens, positions: consecutivePositions(cache.nextPosition, tokens.length), cache, logits };
  }

  /** Runs `tokens` after what `cache` holds and returns their logits. */
  async forward(
    cache: KVCache,
    tokens: number[],
    logits: 'last' | 'all' = 'all',
    runner: ModelRunner = this.runner,
    signal?: AbortSignal,
  ): Promise<Float32Array> {
    const result = await runner.forward({ sequences: [this.sequence(cache, tokens, logits)], signal });
    return result.logits[0];
  }

  snapshot(cache: KVCache): CacheSnapshot {
    const layers: CacheSnapshot['layers'] = [];
    for (let l = 0; l < cache.layout.numLayers; l++) {
      const { key, value } = cache.read(l);
      layers.push({ key: Array.from(key), value: Array.from(value) });
    }
    return {
      length: cache.length,
      nextPosition: cache.nextPosition,
      positions: Array.from(cache.positions()),
      layers,
    };
  }
}
