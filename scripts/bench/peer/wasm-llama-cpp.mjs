// Native llama.cpp through node-llama-cpp (installed on demand into a git-ignored cache by the wasm section, never
// a workspace dependency) on the fixture's GGUF of one precision: CPU only, `threads` threads, the same prompt ids
// as the other engines (our tokenizer's ids are passed as tokens), greedy.
// Usage: node peer/wasm-llama-cpp.mjs '{"dir":…,"precision":"fp32|q8|q4","threads":1,"runs":3,"newTokens":64,
//   "promptTokens":128,"module":"<…/node_modules/node-llama-cpp/dist/index.js>"}'
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { childArgs, promptIds, report, reportUnavailable, timedRuns, timing } from './wasm-workload.mjs';

const GGUF = { fp32: 'model-f32.gguf', q8: 'model-q8_0.gguf', q4: 'model-q4_0.gguf' };

const { dir, precision, threads, runs, newTokens, promptTokens, budgetMs, module } = childArgs();
const ids = await promptIds(dir, promptTokens);
const file = join(dir, GGUF[precision]);

let llama;
let model;
let context;
const loadStart = performance.now();
try {
  const { getLlama, LlamaLogLevel } = await import(pathToFileURL(module).href);
  // The prebuilt CPU binary from the npm registry only: never a source build, never a download, never a GPU.
  llama = await getLlama({
    gpu: false,
    build: 'never',
    skipDownload: true,
    maxThreads: threads,
    logLevel: LlamaLogLevel.error,
    progressLogs: false,
  });
  model = await llama.loadModel({ modelPath: file, gpuLayers: 0 });
  context = await model.createContext({
    contextSize: promptTokens + newTokens + 16,
    batchSize: Math.max(512, promptTokens),
    threads: { ideal: threads, min: threads },
    sequences: 1,
  });
} catch (error) {
  reportUnavailable(`node-llama-cpp could not load ${GGUF[precision]}: ${error?.message ?? error}`);
  process.exit(0);
}
const loadMs = performance.now() - loadStart;
const sequence = context.getSequence();

/**
 * evaluate() yields the first token once the whole prompt is in (prefill, as the other engines time it), then one
 * token per decode step; greedy is temperature 0.
 */
async function generate(n) {
  await sequence.clearHistory();
  const tokens = [];
  const t0 = performance.now();
  let t1 = 0;
  for await (const token of sequence.evaluate(ids, { temperature: 0 })) {
    if (!t1) t1 = performance.now();
    tokens.push(token);
    if (tokens.length >= n) break;
  }
  const t2 = performance.now();
  return timing(ids.length, n, t1 - t0, t2 - t1, tokens);
}

try {
  const results = await timedRuns(runs, newTokens, generate, budgetMs);
  report({
    engine:
      `llama.cpp (node-llama-cpp ${llama.buildType ?? ''} ${llama.gpu === false ? 'cpu' : llama.gpu})`.replace(
        /\s+/g,
        ' ',
      ),
    llamaCppRelease: llama.llamaCppRelease,
    precision,
    threads,
    contextThreads: context.currentThreads,
    loadMs,
    promptTokens: ids.length,
    newTokens,
    file: GGUF[precision],
    weightBytes: statSync(file).size,
    runs: results.map(({ tokens: _t, ...r }) => r),
    tokens: results[0].tokens,
  });
} finally {
  await context.dispose();
  await model.dispose();
  await llama.dispose();
}
process.exit(0);
