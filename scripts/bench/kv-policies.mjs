#!/usr/bin/env node
// The KV policy table for `pnpm bench`: for each policy, bytes per token, total bytes held, and how far the
// next-token distributions drift from the full cache (KL) over the last steps of one teacher-forced sequence, on
// the smollm-135m fixture through the node backend's runner. Prints a table, writes bench-results/kv-policies.json.
// Usage: node scripts/bench/kv-policies.mjs [context ...]   (default: 1024; env POCKETLM_KV_BENCH_CONTEXTS=1024,4096)
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { argmax, createKVCache, FullKVCache, kvBytesPerToken } from '@pocketlm/core';
import { LocalDirectoryFiles, nodeBackend } from '@pocketlm/node';
import { ensureFixture } from '@pocketlm/testkit';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixture = process.env.POCKETLM_BENCH_FIXTURE ?? 'smollm-135m';
const contexts = (
  process.argv.slice(2).length
    ? process.argv.slice(2)
    : (process.env.POCKETLM_KV_BENCH_CONTEXTS ?? '1024').split(',')
).map(Number);
if (contexts.some((c) => !Number.isInteger(c) || c < 256)) {
  throw new Error(`contexts must be integers ≥ 256, got ${contexts.join(', ')}`);
}
/** Decode steps compared at the end of each sequence. */
const SCORED_STEPS = 32;
/** Prefill chunk: a value-norm cache protects the tokens of one append, so a prompt goes in under its cap. */
const chunkFor = (context) => Math.max(1, Math.min(128, Math.floor(context / 4) - 36)); // 4 sinks + 32 recent

const dir = await ensureFixture(fixture, {
  root: process.env.POCKETLM_FIXTURES_DIR ?? join(root, '.cache', 'fixtures'),
  onProgress: (e) => process.stderr.write(`\r  ${e.step} ${e.done}/${e.total}   `),
});
const runner = await nodeBackend().loadModel(new LocalDirectoryFiles(dir), {});
const layout = runner.kvLayout;
const fullBytesPerToken = kvBytesPerToken(layout);

/**
 * A control row, not a policy: the full cache with each new key and value scaled by 1 ± 0.1% (seeded). It shows how
 * much this fixture's KL moves under a perturbation far below any quantization step, so the other rows can be
 * read against it (random-weight fixtures amplify small KV changes more than trained models do).
 */
class NoisyFullKVCache extends FullKVCache {
  seed = 99;
  appendPacked(entries) {
    const { numKVHeads, headDim } = this.layout;
    const total = this.length + entries.positions.length;
    for (const a of [...entries.keys, ...entries.values]) {
      for (let h = 0; h < numKVHeads; h++) {
        for (let i = (h * total + this.length) * headDim; i < (h + 1) * total * headDim; i++) {
          this.seed = (this.seed * 1103515245 + 12345) % 2147483648;
          a[i] *= 1 + 0.001 * ((this.seed / 2147483648) * 2 - 1);
        }
      }
    }
    super.appendPacked(entries);
  }
}

/** The policies of one context length; limits scale with it (a quarter of the full cache's tokens or bytes). */
function policies(context) {
  const quarter = Math.floor(context / 4);
  const cap = quarter * fullBytesPerToken;
  return [
    { name: 'full', policy: { type: 'full' } },
    {
      name: 'control: full, KV × (1 ± 0.1%)',
      policy: { type: 'full' },
      cache: () => new NoisyFullKVCache(layout),
    },
    { name: 'int8', policy: { type: 'quantized', bits: 8 } },
    { name: 'int4', policy: { type: 'quantized', bits: 4 } },
    { name: `sliding ${quarter} + 4 sinks`, policy: { type: 'sliding-window', window: quarter, sinks: 4 } },
    {
      name: `value-norm ≤ ${(cap / 2 ** 20).toFixed(1)} MiB`,
      policy: { type: 'value-norm', maxBytes: cap, sinks: 4, recent: 32 },
    },
    {
      name: `sliding ${quarter} + 4 sinks, int8`,
      policy: { type: 'sliding-window', window: quarter, sinks: 4, storage: 'int8' },
    },
    {
      name: `value-norm ≤ ${(cap / 2 ** 20).toFixed(1)} MiB, int8`,
      policy: { type: 'value-norm', maxBytes: cap, sinks: 4, recent: 32, storage: 'int8' },
    },
  ];
}

/** A deterministic token sequence: a seeded random walk over the vocabulary with repeated phrases, so long-range
 * copies exist for the full cache to use and an evicting cache to lose. */
function sequence(length) {
  let s = 12345;
  const rand = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  const out = [];
  while (out.length < length) {
    if (out.length > 64 && rand() < 0.3) {
      const start = Math.floor(rand() * (out.length - 32));
      out.push(...out.slice(start, start + 8 + Math.floor(rand() * 24)));
    } else {
      out.push(3 + Math.floor(rand() * (runner.vocabSize - 3)));
    }
  }
  return out.slice(0, length);
}

async function forward(cache, tokens, start) {
  const positions = tokens.map((_, i) => start + i);
  const { logits } = await runner.forward({ sequences: [{ tokens, positions, cache, logits: 'last' }] });
  return logits[0];
}

/** Prefills all but the last SCORED_STEPS tokens in chunks, then teacher-forces the rest; logits of each step. */
async function run(policy, tokens, makeCache) {
  const cache = makeCache ? makeCache() : createKVCache(layout, policy);
  const chunk = chunkFor(tokens.length);
  const prefill = tokens.length - SCORED_STEPS;
  const started = performance.now();
  for (let i = 0; i < prefill; i += chunk)
    await forward(cache, tokens.slice(i, Math.min(prefill, i + chunk)), i);
  const prefillMs = performance.now() - started;
  const rows = [];
  let peakBytes = cache.bytes;
  for (let i = prefill; i < tokens.length; i++) {
    rows.push(await forward(cache, [tokens[i]], i));
    peakBytes = Math.max(peakBytes, cache.bytes);
  }
  const decodeMs = performance.now() - started - prefillMs;
  return { rows, cache, peakBytes, prefillMs, decodeMs };
}

function logSoftmax(x) {
  let max = Number.NEGATIVE_INFINITY;
  for (const v of x) max = Math.max(max, v);
  let sum = 0;
  for (const v of x) sum += Math.exp(v - max);
  const lse = max + Math.log(sum);
  return Float64Array.from(x, (v) => v - lse);
}

function kl(p, q) {
  const lp = logSoftmax(p);
  const lq = logSoftmax(q);
  let total = 0;
  for (let i = 0; i < lp.length; i++) total += Math.exp(lp[i]) * (lp[i] - lq[i]);
  return Math.max(0, total);
}

const results = [];
for (const context of contexts) {
  const tokens = sequence(context);
  process.stderr.write(`\ncontext ${context}:\n`);
  let reference;
  for (const { name, policy, cache } of policies(context)) {
    const r = await run(policy, tokens, cache);
    reference ??= r;
    const kls = r.rows.map((row, i) => kl(reference.rows[i], row));
    const row = {
      context,
      policy: name,
      config: policy,
      bytesPerToken: kvBytesPerToken(layout, policy),
      tokensHeld: r.cache.length,
      totalBytes: r.cache.bytes,
      peakBytes: r.peakBytes,
      memoryVsFull: r.cache.bytes / reference.cache.bytes,
      meanKL: kls.reduce((a, b) => a + b, 0) / kls.length,
      maxKL: Math.max(...kls),
      top1Agreement: r.rows.filter((x, i) => argmax(x) === argmax(reference.rows[i])).length / kls.length,
      prefillMs: Math.round(r.prefillMs),
      decodeMs: Math.round(r.decodeMs),
    };
    results.push(row);
    process.stderr.write(`  ${name}: ${((r.prefillMs + r.decodeMs) / 1000).toFixed(1)} s\n`);
  }
}
await runner.dispose();

const mib = (b) => (b / 2 ** 20).toFixed(2);
process.stdout.write(
  `\nKV policies on ${fixture} (${layout.numLayers} layers × ${layout.numKVHeads} KV heads × ${layout.headDim}); ` +
    `KL(full ‖ policy) of the next-token distribution over the last ${SCORED_STEPS} teacher-forced steps; ` +
    `prefill in ${contexts.map(chunkFor).join('/')}-token chunks; ${cpus().length} cores, Node ${process.version}\n\n`,
);
console.table(
  results.map((r) => ({
    context: r.context,
    policy: r.policy,
    'bytes/token': r.bytesPerToken,
    'tokens held': r.tokensHeld,
    'total MiB': mib(r.totalBytes),
    'vs full': r.memoryVsFull.toFixed(3),
    'mean KL': r.meanKL.toExponential(2),
    'max KL': r.maxKL.toExponential(2),
    'top-1 agree': r.top1Agreement.toFixed(2),
  })),
);
const out = join(root, 'bench-results');
mkdirSync(out, { recursive: true });
const json = {
  fixture,
  date: new Date().toISOString(),
  node: process.version,
  cores: cpus().length,
  scoredSteps: SCORED_STEPS,
  prefillChunks: contexts.map(chunkFor),
  layout,
  results,
};
writeFileSync(join(out, 'kv-policies.json'), `${JSON.stringify(json, null, 2)}\n`);
process.stdout.write(`\nwrote ${join(out, 'kv-policies.json')}\n`);
