// Scratch measurement (not a test, not the benchmark): decode tokens/s of the wasm backend at f32, q8 and q4
// against onnxruntime-node, all on one thread, on a testkit fixture. Run after `pnpm build`:
//   node scripts/decode-speed.mjs [fixture=smollm-135m] [steps=32]
import { FullKVCache } from '@pocketlm/core';
import { fileModelStore, LocalDirectoryFiles, nodeBackend } from '@pocketlm/node';
import { ensureFixture } from '@pocketlm/testkit';
import { wasmBackend } from '../dist/index.js';

const fixture = process.argv[2] ?? 'smollm-135m';
const steps = Number(process.argv[3] ?? 32);
const dir = await ensureFixture(fixture, {
  root: new URL('../../../.cache/fixtures', import.meta.url).pathname,
});
const files = new LocalDirectoryFiles(dir);
const prompt = Array.from({ length: 16 }, (_, i) => (i * 97 + 5) % 400);

async function measure(name, runner) {
  const cache = new FullKVCache(runner.kvLayout);
  const start = performance.now();
  await runner.forward({
    sequences: [{ tokens: prompt, positions: prompt.map((_, i) => i), cache, logits: 'last' }],
  });
  const prefillMs = performance.now() - start;
  let token = 1;
  const t0 = performance.now();
  for (let s = 0; s < steps; s++) {
    const out = await runner.forward({
      sequences: [{ tokens: [token], positions: [cache.nextPosition], cache, logits: 'last' }],
    });
    token = out.logits[0].indexOf(Math.max(...out.logits[0]));
  }
  const ms = performance.now() - t0;
  console.log(
    `${name.padEnd(22)} decode ${((steps * 1000) / ms).toFixed(1).padStart(6)} tok/s, prefill ${prompt.length} tokens ${prefillMs.toFixed(0)} ms` +
      (runner.memoryBytes ? `, wasm memory ${(runner.memoryBytes / 2 ** 20).toFixed(0)} MiB` : ''),
  );
  await runner.dispose();
}

const store = fileModelStore({ root: '.cache/wasm-test-store' });
for (const dtype of ['fp32', 'q8', 'q4']) {
  const t = performance.now();
  const runner = await wasmBackend({ store, threads: 1 }).loadModel(files, { dtype });
  console.log(`wasm ${dtype} loaded in ${(performance.now() - t).toFixed(0)} ms`);
  await measure(`wasm ${dtype}`, runner);
}
await measure(
  'onnxruntime-node fp32',
  await nodeBackend({ session: { intraOpNumThreads: 1 } }).loadModel(files, {}),
);
