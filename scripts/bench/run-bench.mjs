#!/usr/bin/env node
// `pnpm bench`: PocketLM's node backend against transformers.js on the same smollm-135m-shaped ONNX file, in the
// same run. Prints a table with ratios and writes JSON to bench-results/ (git-ignored).
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureFixture } from '@pocketlm/testkit';
import { median } from './bench-prompt.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixture = process.env.POCKETLM_BENCH_FIXTURE ?? 'smollm-135m';
process.stderr.write(`preparing the ${fixture} fixture (written once into .cache/fixtures)…\n`);
const dir = await ensureFixture(fixture, {
  root: process.env.POCKETLM_FIXTURES_DIR ?? join(root, '.cache', 'fixtures'),
  onProgress: (e) => process.stderr.write(`\r  ${e.step} ${e.done}/${e.total}   `),
});
process.stderr.write('\n');

function runChild(script) {
  process.stderr.write(`running ${script}…\n`);
  const out = execFileSync(process.execPath, [join(root, 'scripts', 'bench', script), dir], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(out.trim().split('\n').at(-1));
}

// Alternate the runtimes over two rounds so drift on a shared machine falls on both, then take medians of all runs.
const ROUNDS = 2;
const raw = { ours: [], peer: [] };
for (let round = 0; round < ROUNDS; round++) {
  raw.ours.push(runChild('bench-pocketlm.mjs'));
  raw.peer.push(runChild('bench-transformers.mjs'));
}
function combine(results) {
  const [first] = results;
  const all = (key) => results.flatMap((r) => r[key]);
  return {
    ...first,
    loadMs: median(results.map((r) => r.loadMs)),
    peakRssMB: Math.max(...results.map((r) => r.peakRssMB)),
    ttftMs: median(all('ttftMs')),
    prefillTokS: median(all('prefillTokS')),
    decodeTokS: median(all('decodeTokS')),
    runs: all('decodeTokS').length,
  };
}
const ours = combine(raw.ours);
const peer = combine(raw.peer);
const sameTokens = [...raw.ours, ...raw.peer].every(
  (r) => JSON.stringify(r.tokens) === JSON.stringify(ours.tokens),
);

const rows = [
  ['time to first token (ms)', 'ttftMs', false],
  ['prefill (tokens/s)', 'prefillTokS', true],
  ['decode (tokens/s)', 'decodeTokS', true],
  ['peak RSS (MB)', 'peakRssMB', false],
  ['load (ms)', 'loadMs', false],
];
const fmt = (v) => (v >= 100 ? v.toFixed(0) : v.toFixed(1));
const table = rows.map(([label, key, higherIsBetter]) => {
  const ratio = ours[key] / peer[key];
  return {
    metric: label,
    pocketlm: fmt(ours[key]),
    'transformers.js': fmt(peer[key]),
    ratio: ratio.toFixed(2),
    better: (higherIsBetter ? ratio > 1 : ratio < 1) ? 'pocketlm' : 'transformers.js',
  };
});
process.stdout.write(
  `\n${fixture}: ${ours.promptTokens} prompt tokens, ${ours.newTokens} new tokens, greedy, median of ${ours.runs} runs per runtime (two alternating processes each, a warm-up first); ` +
    `${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}\n` +
    `ratio = pocketlm / transformers.js; identical greedy tokens: ${sameTokens}\n\n`,
);
console.table(table);

const results = join(root, 'bench-results');
mkdirSync(results, { recursive: true });
const file = join(results, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
const json = {
  fixture,
  date: new Date().toISOString(),
  node: process.version,
  cores: cpus().length,
  sameTokens,
  pocketlm: ours,
  transformersjs: peer,
  table,
};
writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
writeFileSync(join(results, 'latest.json'), `${JSON.stringify(json, null, 2)}\n`);
process.stdout.write(`\nwrote ${file}\n`);
if (!sameTokens) process.exitCode = 1;
