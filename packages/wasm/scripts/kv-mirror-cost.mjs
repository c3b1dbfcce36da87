// Scratch measurement: what the KV mirror saves. Decodes on a long context with one runner (the mirror appends
// one token per step) and with two runners alternating on the same cache (each finds its mirror stale and reloads
// the whole cache from cache.read(), which is what a backend without a mirror does every step).
//   node scripts/kv-mirror-cost.mjs [fixture=smollm-135m] [context=1024] [steps=16]
import { FullKVCache } from '@pocketlm/core';
import { fileModelStore, LocalDirectoryFiles } from '@pocketlm/node';
import { ensureFixture } from '@pocketlm/testkit';
import { wasmBackend } from '../dist/index.js';

const [fixture = 'smollm-135m', context = '1024', steps = '16'] = process.argv.slice(2);
const dir = await ensureFixture(fixture, {
  root: new URL('../../../.cache/fixtures', import.meta.url).pathname,
});
const files = new LocalDirectoryFiles(dir);
const backend = wasmBackend({ store: fileModelStore({ root: '.cache/wasm-test-store' }) });
const a = await backend.loadModel(files, { dtype: 'q4' });
const b = await backend.loadModel(files, { dtype: 'q4' });
const cache = new FullKVCache(a.kvLayout);
const prompt = Array.from({ length: Number(context) }, (_, i) => (i * 31 + 3) % 400);
for (let i = 0; i < prompt.length; i += 256) {
  const chunk = prompt.slice(i, i + 256);
  await a.forward({
    sequences: [{ tokens: chunk, positions: chunk.map((_, j) => i + j), cache, logits: 'last' }],
  });
}
const decode = async (runners) => {
  const t = performance.now();
  for (let s = 0; s < Number(steps); s++) {
    const runner = runners[s % runners.length];
    await runner.forward({
      sequences: [{ tokens: [7], positions: [cache.nextPosition], cache, logits: 'last' }],
    });
  }
  return (performance.now() - t) / Number(steps);
};
await decode([a]);
const withMirror = await decode([a]);
const reloading = await decode([a, b]);
const again = await decode([a]);
console.log(
  `context ${context}: ${((withMirror + again) / 2).toFixed(1)} ms/token appending to the mirror, ${reloading.toFixed(1)} ms/token reloading the cache each step`,
  a.mirrorSyncs,
);
