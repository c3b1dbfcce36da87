// The browser side of browser.test.ts: the same sources the package bundles, loading a fixture over fetch.
import { FullKVCache, type ModelFiles, PocketLMError, type WeightDType } from '@pocketlm/core';
import { loadWasmModel } from '../../src/runner/load-wasm-model.js';

/** Read access to a model directory served over HTTP. */
function fetchedFiles(base: string): ModelFiles {
  const url = (name: string) => `${base}/${name}`;
  const get = async (name: string) => {
    const response = await fetch(url(name));
    if (!response.ok) throw new PocketLMError('MODEL_NOT_FOUND', `${url(name)}: HTTP ${response.status}`);
    return response;
  };
  return {
    id: base,
    has: async (name) => (await fetch(url(name), { method: 'HEAD' })).ok,
    readText: async (name) => (await get(name)).text(),
    readBytes: async (name) => new Uint8Array(await (await get(name)).arrayBuffer()),
    size: async (name) => {
      const response = await fetch(url(name), { method: 'HEAD' });
      return response.ok ? Number(response.headers.get('content-length')) : undefined;
    },
  };
}

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
