#!/usr/bin/env node
// Continuous batching vs one request at a time on the smollm-135m-shaped fixture, in one run:
//   1. aggregate decode tokens/s of 1, 4 and 8 concurrent greedy streams through ContinuousBatchScheduler vs the
//      same requests one after another through SerialScheduler;
//   2. time to first token of a short request that arrives while a ~2k-token prompt prefills, chunked vs unchunked.
// Prints a table with ratios and writes bench-results/concurrency.json (git-ignored).
// Usage: node scripts/bench/bench-concurrency.mjs  (POCKETLM_BENCH_FIXTURE picks another fixture)
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { argmax, ContinuousBatchScheduler, FullKVCache, SerialScheduler } from '@pocketlm/core';
import { LocalDirectoryFiles, nodeBackend } from '@pocketlm/node';
import { ensureFixture } from '@pocketlm/testkit';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixture = process.env.POCKETLM_BENCH_FIXTURE ?? 'smollm-135m';
const NEW_TOKENS = 32;
const PROMPT_TOKENS = 16;
const STREAMS = [1, 4, 8];
const LONG_PROMPT = 2048;
const CHUNK = 256;
const SHORT_ARRIVES_AFTER_MS = 300;

process.stderr.write(`preparing the ${fixture} fixture…\n`);
const dir = await ensureFixture(fixture, {
  root: process.env.POCKETLM_FIXTURES_DIR ?? join(root, '.cache', 'fixtures'),
});
const backend = nodeBackend();
const runner = await backend.loadModel(new LocalDirectoryFiles(dir), {});
const { maxBatchSize } = backend.capabilities;
const width = runner.config.vocabSize;

/** Deterministic token ids, different per seed (the fixture's weights are random, so any ids will do). */
function tokens(length, seed) {
  let a = (seed * 0x9e3779b9) >>> 0;
  return Array.from({ length }, () => {
    a = (Math.imul(a, 1664525) + 1013904223) >>> 0;
    return 3 + (a % (width - 3));
  });
}

/**
 * A greedy request: runs `prompt`, then feeds back the argmax until `newTokens` are picked. `arrivedAt` is when
 * the request was meant to arrive, which is earlier than now when a timer fired late behind a blocking ORT run.
 */
function request(scheduler, prompt, newTokens, arrivedAt = performance.now()) {
  const ids = [];
  const timing = { submitted: arrivedAt, firstToken: 0, done: 0 };
  const promise = scheduler
    .run({
      prompt,
      cache: new FullKVCache(runner.kvLayout),
      maxNewTokens: newTokens,
      onLogits: (row) => {
        if (ids.length === 0) timing.firstToken = performance.now();
        ids.push(argmax(row, width));
        return ids.length < newTokens ? { next: ids.at(-1) } : { done: true };
      },
    })
    .then(() => {
      timing.done = performance.now();
      return { ids, timing };
    });
  return promise;
}

/** Decode tokens/s over the whole batch of requests: tokens after each first one, over the time decoding ran. */
function decodeRate(results, start) {
  const end = Math.max(...results.map((r) => r.timing.done));
  const firstTokens = Math.min(...results.map((r) => r.timing.firstToken));
  const decoded = results.reduce((n, r) => n + r.ids.length - 1, 0);
  return {
    tokS: (decoded / (end - firstTokens)) * 1000,
    totalTokS: (results.length * NEW_TOKENS * 1000) / (end - start),
  };
}

async function throughput(n, batched) {
  const prompts = Array.from({ length: n }, (_, i) => tokens(PROMPT_TOKENS, 10 + i));
  const start = performance.now();
  let results;
  if (batched) {
    const scheduler = new ContinuousBatchScheduler(runner, { maxBatchSize });
    results = await Promise.all(prompts.map((p) => request(scheduler, p, NEW_TOKENS)));
  } else {
    const scheduler = new SerialScheduler(runner);
    results = [];
    for (const p of prompts) results.push(await request(scheduler, p, NEW_TOKENS));
  }
  return { ...decodeRate(results, start), ids: results.map((r) => r.ids) };
}

/** Submits a 2k-token prompt, then a short one while it prefills; returns both times to first token. */
async function ttft(prefillChunkSize) {
  const scheduler = new ContinuousBatchScheduler(runner, { maxBatchSize, prefillChunkSize });
  const long = request(scheduler, tokens(LONG_PROMPT, 99), 2);
  const arrival = performance.now() + SHORT_ARRIVES_AFTER_MS;
  // onnxruntime-node computes on the main thread, so this timer fires at the first gap between ORT calls: like a
  // request the OS has queued until the event loop is free. Its time to first token counts from `arrival`.
  await new Promise((r) => setTimeout(r, SHORT_ARRIVES_AFTER_MS));
  const short = request(scheduler, tokens(PROMPT_TOKENS, 98), 8, arrival);
  const [l, s] = await Promise.all([long, short]);
  return {
    shortTtftMs: s.timing.firstToken - s.timing.submitted,
    longTtftMs: l.timing.firstToken - l.timing.submitted,
  };
}

// Warm up ORT's allocations for both shapes first.
await throughput(2, true);
await throughput(1, false);

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

// Serial and batched alternate over rounds so drift on a shared machine falls on both; medians are reported.
const ROUNDS = 2;
const runs = new Map(STREAMS.map((n) => [n, { serial: [], batched: [] }]));
for (let round = 0; round < ROUNDS; round++) {
  for (const n of STREAMS) {
    process.stderr.write(`round ${round + 1}/${ROUNDS}: ${n} stream(s)…\n`);
    runs.get(n).serial.push(await throughput(n, false));
    runs.get(n).batched.push(await throughput(n, true));
  }
}
const results = { streams: [], ttft: {} };
for (const n of STREAMS) {
  const { serial, batched } = runs.get(n);
  const serialTokS = median(serial.map((r) => r.tokS));
  const batchedTokS = median(batched.map((r) => r.tokS));
  const reference = JSON.stringify(serial[0].ids);
  results.streams.push({
    streams: n,
    serialTokS,
    batchedTokS,
    ratio: batchedTokS / serialTokS,
    serialEndToEndTokS: median(serial.map((r) => r.totalTokS)),
    batchedEndToEndTokS: median(batched.map((r) => r.totalTokS)),
    identicalTokens: [...serial, ...batched].every((r) => JSON.stringify(r.ids) === reference),
    rounds: { serialTokS: serial.map((r) => r.tokS), batchedTokS: batched.map((r) => r.tokS) },
  });
}
process.stderr.write(`time to first token during a ${LONG_PROMPT}-token prefill…\n`);
results.ttft.unchunked = await ttft(LONG_PROMPT);
results.ttft.chunked = await ttft(CHUNK);
await runner.dispose();

const f = (v) => (v >= 100 ? v.toFixed(0) : v.toFixed(1));
process.stdout.write(
  `\n${fixture}: greedy, ${PROMPT_TOKENS}-token prompts, ${NEW_TOKENS} new tokens per stream, maxBatchSize ${maxBatchSize}; ` +
    `${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}\n` +
    `decode tok/s = tokens after each stream's first, over the time from the first first-token to the last token; ` +
    `median of ${ROUNDS} alternating rounds\n\n`,
);
console.table(
  results.streams.map((r) => ({
    streams: r.streams,
    'serial decode tok/s': f(r.serialTokS),
    'batched decode tok/s': f(r.batchedTokS),
    ratio: r.ratio.toFixed(2),
    'serial end-to-end tok/s': f(r.serialEndToEndTokS),
    'batched end-to-end tok/s': f(r.batchedEndToEndTokS),
    'identical tokens': r.identicalTokens,
  })),
);
const { chunked, unchunked } = results.ttft;
process.stdout.write(
  `\nshort request (${PROMPT_TOKENS} tokens) arriving ${SHORT_ARRIVES_AFTER_MS} ms into a ${LONG_PROMPT}-token prefill ` +
    `(ContinuousBatchScheduler, chunks of ${CHUNK} vs the whole prompt in one step)\n`,
);
console.table([
  {
    metric: 'short request time to first token (ms)',
    unchunked: f(unchunked.shortTtftMs),
    chunked: f(chunked.shortTtftMs),
    'ratio unchunked/chunked': (unchunked.shortTtftMs / chunked.shortTtftMs).toFixed(2),
  },
  {
    metric: 'long request time to first token (ms)',
    unchunked: f(unchunked.longTtftMs),
    chunked: f(chunked.longTtftMs),
    'ratio unchunked/chunked': (unchunked.longTtftMs / chunked.longTtftMs).toFixed(2),
  },
]);

const outDir = join(root, 'bench-results');
mkdirSync(outDir, { recursive: true });
const meta = { fixture, cores: cpus().length, node: process.version, date: new Date().toISOString() };
const config = {
  promptTokens: PROMPT_TOKENS,
  newTokens: NEW_TOKENS,
  longPrompt: LONG_PROMPT,
  chunk: CHUNK,
  maxBatchSize,
};
writeFileSync(
  join(outDir, 'concurrency.json'),
  `${JSON.stringify({ ...meta, config, ...results }, null, 2)}\n`,
);
process.stderr.write('wrote bench-results/concurrency.json\n');
