// The browser side of browser.test.ts: the same sources the package bundles, loading a fixture over fetch.
import { FullKVCache, type WeightDType } from '@pocketlm/core';
import { loadWasmModel } from '../../src/runner/load-wasm-model.js';
import { fetchedFiles } from './fetched-files.js';

/** Logits of every position of `tokens` from a fresh cache. */
async function logits(base: string, file: string, dtype: WeightDType, tokens: number[]): Promise<number[]> {
  const runner = await loadWasmModel(
    fetchedFiles(base),
    { dtype },
    { file, maxMemoryBytes: 2 ** 30, maxBatchSize: 8 },
  );
  try {
    const cache = new FullKVCache(runner.kvLayout);
    const out = await runner.forward({
      sequences: [{ tokens, positions: tokens.map((_, i) => i), cache, logits: 'all' }],
    });
    return Array.from(out.logits[0]);
  } finally {
    await runner.dispose();
  }
}

Object.assign(globalThis, { wasmPage: { logits }, wasmPageReady: true });
