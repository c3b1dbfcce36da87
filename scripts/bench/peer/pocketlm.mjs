// PocketLM's side of the peer section; one runtime per process, so peak RSS is its own.
// Usage: node peer/pocketlm.mjs <model dir> [timed runs] [new tokens]
import { createEngine } from '@pocketlm/core';
import { nodeBackend } from '@pocketlm/node';
import { PROMPT, report, workloadArgs } from './workload.mjs';

const { dir, runs: RUNS, newTokens: NEW_TOKENS } = workloadArgs();
const loadStart = performance.now();
// The prefix cache is off: the same prompt runs every time, and a cache hit would skip the prefill being measured
// (transformers.js keeps nothing between generate calls).
const engine = await createEngine({ backend: nodeBackend(), model: dir, prefixCache: false });
const loadMs = performance.now() - loadStart;
const runs = [];
for (let i = 0; i <= RUNS; i++) {
  const r = await engine.generate({ prompt: PROMPT, maxTokens: NEW_TOKENS });
  if (i > 0) runs.push(r); // the first run warms up
}
report({
  runtime: 'pocketlm (@pocketlm/node)',
  loadMs,
  promptTokens: runs[0].usage.promptTokens,
  newTokens: runs[0].usage.completionTokens,
  ttftMs: runs.map((r) => r.timings.timeToFirstTokenMs),
  prefillTokS: runs.map((r) => r.timings.prefillTokensPerSecond),
  decodeTokS: runs.map((r) => r.timings.decodeTokensPerSecond),
  tokens: runs[0].tokens,
});
await engine.dispose();
