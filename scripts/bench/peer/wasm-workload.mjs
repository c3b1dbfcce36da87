// The wasm section's shared workload: one child process per configuration (engine × precision × threads) gets its
// settings as one JSON argument, runs the same prompt ids (128 tokens from the fixture's tokenizer) and the same
// greedy decode length, and prints one JSON line the parent reads. A child that cannot run prints
// `{ unavailable: "why" }` instead of failing, so the section can say why in its note.
import { FullKVCache, loadTokenizer } from '@pocketlm/core';
import { LocalDirectoryFiles } from '@pocketlm/node';
import { PROMPT } from './workload.mjs';

/** The child's settings: `{ dir, precision, threads, runs, newTokens, promptTokens, budgetMs, ... }`. */
export function childArgs(argv = process.argv) {
  return JSON.parse(argv[2]);
}

/**
 * Exactly `count` prompt ids from the fixture's own tokenizer (the peer section's prompt, repeated as needed), so
 * every engine reads the same tokens; llama.cpp gets these ids too, not its own tokenization.
 */
export async function promptIds(dir, count) {
  const tokenizer = await loadTokenizer(new LocalDirectoryFiles(dir));
  const ids = [];
  while (ids.length < count) ids.push(...tokenizer.encode(` ${PROMPT}`));
  return ids.slice(0, count);
}

export function argmax(row) {
  let best = 0;
  for (let i = 1; i < row.length; i++) if (row[i] > row[best]) best = i;
  return best;
}

/**
 * One greedy generation through a core `ModelRunner` (the same loop for PocketLM's wasm runner and for
 * onnxruntime-web under core's ORT runner): a prefill forward of all prompt ids, then one forward per new token.
 * Prefill time includes picking the first token; decode counts the `newTokens - 1` steps after it.
 */
export async function generateWithRunner(runner, ids, newTokens) {
  const cache = new FullKVCache(runner.kvLayout);
  const t0 = performance.now();
  let out = await runner.forward({
    sequences: [{ tokens: ids, positions: ids.map((_, i) => i), cache, logits: 'last' }],
  });
  let token = argmax(out.logits[0]);
  const t1 = performance.now();
  const tokens = [token];
  for (let step = 1; step < newTokens; step++) {
    out = await runner.forward({
      sequences: [{ tokens: [token], positions: [cache.nextPosition], cache, logits: 'last' }],
    });
    token = argmax(out.logits[0]);
    tokens.push(token);
  }
  const t2 = performance.now();
  return timing(ids.length, newTokens, t1 - t0, t2 - t1, tokens);
}

/** Per-run figures from a prefill time (prompt → first token) and a decode time (first → last token). */
export function timing(promptTokens, newTokens, prefillMs, decodeMs, tokens) {
  return {
    prefillMs,
    decodeMs,
    prefillTokS: (promptTokens / prefillMs) * 1000,
    decodeTokS: ((newTokens - 1) / decodeMs) * 1000,
    tokens,
  };
}

/** Tokens of the warm-up generation: enough to run the prefill shape and the decode shape once. */
export const WARMUP_TOKENS = 8;

/**
 * A warm-up (the full prompt, `WARMUP_TOKENS` new tokens), then up to `runs` timed generations of `newTokens`
 * (the warm-up alone when `runs` is 0); `generate(n)` returns one `timing(...)`. When the warm-up says `runs`
 * generations would take longer than `budgetMs`, fewer run (at least one): a configuration at under one token per
 * second would otherwise hold the whole section for a quarter of an hour. The caller reports how many ran.
 */
export async function timedRuns(runs, newTokens, generate, budgetMs = Infinity) {
  const warmTokens = Math.min(newTokens, WARMUP_TOKENS);
  const warm = await generate(warmTokens);
  if (runs === 0) return [warm];
  const perRun = warm.prefillMs + (warm.decodeMs / Math.max(1, warmTokens - 1)) * (newTokens - 1);
  const count = Math.max(1, Math.min(runs, Math.floor(budgetMs / perRun)));
  const out = [];
  for (let i = 0; i < count; i++) out.push(await generate(newTokens));
  return out;
}

/** Prints the one JSON line the parent reads, with this process's peak RSS. */
export function report(result) {
  process.stdout.write(
    `${JSON.stringify({ ...result, peakRssMB: process.resourceUsage().maxRSS / 1024 })}\n`,
  );
}

/** Reports why this configuration cannot run here (the parent turns it into a row and a note). */
export function reportUnavailable(reason) {
  report({ unavailable: String(reason).split('\n')[0].slice(0, 400) });
}
