// PocketLM's own WebAssembly backend (@pocketlm/wasm) for the wasm section: one precision and thread count per
// process, through the runner directly (the same loop as onnxruntime-web's child).
// Usage: node peer/wasm-pocketlm.mjs '{"dir":…,"precision":"fp32|q8|q4","threads":1,"runs":3,"newTokens":64,
//   "promptTokens":128,"file":"model-q4_0.gguf"}'

import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileModelStore, LocalDirectoryFiles } from '@pocketlm/node';
import { wasmBackend } from '@pocketlm/wasm';
import {
  childArgs,
  generateWithRunner,
  promptIds,
  report,
  reportUnavailable,
  timedRuns,
} from './wasm-workload.mjs';

const { dir, precision, threads, runs, newTokens, promptTokens, budgetMs, file } = childArgs();
const ids = await promptIds(dir, promptTokens);
// The store is never read: the model is opened from its directory. `threads` is always passed (the default is
// 'auto', every core); a build without the option ignores it. The runner's loadInfo says how many threads it really
// uses, and a row is only reported when that is the number asked for.
const options = { store: fileModelStore({ root: join(tmpdir(), 'pocketlm-bench-store') }), threads };
// `file`: a GGUF of the fixture (the same bytes llama.cpp reads) or, when absent, model.safetensors.
if (file) options.file = file;
const loadStart = performance.now();
let runner;
try {
  runner = await wasmBackend(options).loadModel(new LocalDirectoryFiles(dir), { dtype: precision });
} catch (error) {
  reportUnavailable(`load failed: ${error?.message ?? error}`);
  process.exit(0);
}
const loadMs = performance.now() - loadStart;
const info = runner.loadInfo ?? {};
if ((info.threads ?? 1) !== threads) {
  reportUnavailable(
    `asked for ${threads} thread(s), the runner uses ${info.threads ?? 1}: ${info.threadsReason ?? ''}`,
  );
  await runner.dispose();
  process.exit(0);
}
try {
  const results = await timedRuns(runs, newTokens, (n) => generateWithRunner(runner, ids, n), budgetMs);
  report({
    engine: 'pocketlm-wasm',
    precision,
    threads,
    loadMs,
    promptTokens: ids.length,
    newTokens,
    weightBytes: runner.weightBytes,
    weightFormats: info.weightFormats,
    file: info.file,
    memoryBytes: runner.memoryBytes,
    reservedBytes: runner.reservedBytes,
    runs: results.map(({ tokens: _t, ...r }) => r),
    tokens: results[0].tokens,
  });
} finally {
  await runner.dispose();
}
