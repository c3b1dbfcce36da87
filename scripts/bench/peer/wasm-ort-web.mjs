// onnxruntime-web's WASM backend, in Node, for the wasm section: core's ORT decoder runner (@pocketlm/core/ort,
// the generation loop the node and web backends share) with onnxruntime-web injected as the runtime, on the
// fixture's ONNX file of one precision, with `ort.env.wasm.numThreads` threads.
// Usage: node peer/wasm-ort-web.mjs '{"dir":…,"precision":"fp32|q4","threads":1,"runs":3,"newTokens":64,"promptTokens":128}'
import { loadOrtDecoder, onnxWeightFiles } from '@pocketlm/core/ort';
import { LocalDirectoryFiles } from '@pocketlm/node';
import * as ort from 'onnxruntime-web';
import {
  childArgs,
  generateWithRunner,
  promptIds,
  report,
  reportUnavailable,
  timedRuns,
} from './wasm-workload.mjs';

const { dir, precision, threads, runs, newTokens, promptTokens, budgetMs } = childArgs();
const ids = await promptIds(dir, promptTokens);

ort.env.wasm.numThreads = threads;
ort.env.wasm.proxy = false;
// Every onnxruntime-web ≥ 1.19 build is SIMD-only; the flag is gone from newer typings but harmless where read.
ort.env.wasm.simd = true;

// onnxruntime-web takes the graph as bytes (as in a browser): the files are handed over without a local path.
const local = new LocalDirectoryFiles(dir);
const files = {
  id: local.id,
  has: (name) => local.has(name),
  size: (name) => local.size(name),
  readText: (name) => local.readText(name),
  readBytes: (name) => local.readBytes(name),
};
const factory = {
  loadRuntime: async () => ort,
  sessionOptions: { executionProviders: ['wasm'], graphOptimizationLevel: 'all' },
  environment: { backendName: 'the onnxruntime-web bench peer', externalData: 'bytes' },
};

let weights;
try {
  weights = onnxWeightFiles(precision, 'onnxruntime-web');
} catch (error) {
  reportUnavailable(error?.message ?? error);
  process.exit(0);
}
if ((await files.size(weights.model)) === undefined) {
  reportUnavailable(`the fixture has no ${weights.model}`);
  process.exit(0);
}
const loadStart = performance.now();
let runner;
try {
  runner = await loadOrtDecoder(factory, files, { dtype: precision }, 'onnxruntime-web');
} catch (error) {
  reportUnavailable(`load failed: ${error?.message ?? error}`);
  process.exit(0);
}
const loadMs = performance.now() - loadStart;
try {
  const results = await timedRuns(runs, newTokens, (n) => generateWithRunner(runner, ids, n), budgetMs);
  report({
    engine: `onnxruntime-web ${ort.env.versions?.web ?? ''}`.trim(),
    precision,
    threads,
    loadMs,
    promptTokens: ids.length,
    newTokens,
    file: weights.model,
    weightBytes: runner.weightBytes,
    runs: results.map(({ tokens: _t, ...r }) => r),
    tokens: results[0].tokens,
  });
} finally {
  await runner.dispose();
}
// onnxruntime-web's thread pool keeps Node alive once it has started workers.
process.exit(0);
