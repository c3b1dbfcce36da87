// The browser side of threads-browser.test.ts: wasmBackend with its default environment (module Web Workers
// started on ./kernel-worker.js next to this bundle), loading a fixture over fetch.
import { FullKVCache, type ModelStore, type WeightDType } from '@pocketlm/core';
import { wasmBackend } from '../src/index.js';
import { fetchedFiles } from './browser/fetched-files.js';

/** Loads with `threads`, returns what loadInfo says and every position's logits of `tokens`. */
async function run(base: string, dtype: WeightDType, threads: number | 'auto', tokens: number[]) {
  // The store is never touched: the files are opened directly.
  const backend = wasmBackend({ store: {} as ModelStore, threads });
  const runner = await backend.loadModel(fetchedFiles(base), { dtype });
  try {
    const out = await runner.forward({
      sequences: [
        {
          tokens,
          positions: tokens.map((_, i) => i),
          cache: new FullKVCache(runner.kvLayout),
          logits: 'all',
        },
      ],
    });
    const { threads: used, threadsReason } = runner.loadInfo;
    return { threads: used, threadsReason, crossOriginIsolated, logits: Array.from(out.logits[0]) };
  } finally {
    await runner.dispose();
  }
}

Object.assign(globalThis, { threadsPage: { run }, threadsPageReady: true });
