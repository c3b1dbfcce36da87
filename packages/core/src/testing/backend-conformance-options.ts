import type { Backend, LoadModelOptions } from '../backend/backend.js';
import type { KVCache, KVCacheLayout } from '../kv-cache/kv-cache.js';
import type { ModelFiles } from '../model/model-files.js';

/** What `runBackendConformance` needs to exercise one backend on one fixture model. */
export interface BackendConformanceOptions {
  /** Shown in the suite's title, e.g. `node`. */
  name: string;
  /** Creates a fresh backend; called once per runner instance the suite loads. */
  createBackend: () => Backend | Promise<Backend>;
  /** The directory of a testkit fixture model (e.g. `ensureFixture('tiny')`). */
  fixtureDir: () => Promise<string>;
  /** Opens a model directory as `ModelFiles` (a local-directory reader in Node, an in-memory one in a browser). */
  openFiles: (dir: string) => Promise<ModelFiles>;
  /**
   * The truth the backend's logits are held to: row-major [tokens, vocab] logits of the whole sequence run from an
   * empty cache at positions 0…n-1, computed independently of the backend (for ONNX backends, a direct
   * onnxruntime run of the same graph).
   */
  referenceLogits: (dir: string, tokens: number[]) => Promise<Float32Array>;
  /** Largest accepted |actual − reference| per logit, scaled by max(1, |reference|). Default 1e-4. */
  tolerance?: number;
  /** Options for every `loadModel` call (e.g. a dtype). Default `{}`. */
  loadOptions?: LoadModelOptions;
  /** The cache the runner reads and appends to. Default: core's `FullKVCache`. */
  createCache?: (layout: KVCacheLayout) => KVCache;
}
