// PocketLM's node backend against transformers.js 4 on the same ONNX file of the fixture, each runtime in its own
// child process (peer/pocketlm.mjs, peer/transformers.mjs) so peak RSS is its own.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { fmt, median, progress, ratio } from '../lib/common.mjs';
import { NEW_TOKENS, RUNS } from '../peer/workload.mjs';

const FULL = { rounds: 2, runs: RUNS, newTokens: NEW_TOKENS };
const QUICK = { rounds: 1, runs: 1, newTokens: 16 };

function runChild(script, dir, cfg) {
  progress(`  peer: ${script}`);
  const out = execFileSync(
    process.execPath,
    [
      fileURLToPath(new URL(`../peer/${script}`, import.meta.url)),
      dir,
      String(cfg.runs),
      String(cfg.newTokens),
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 16 * 1024 * 1024 },
  );
  return JSON.parse(out.trim().split('\n').at(-1));
}

/** One runtime's rounds as one result: medians over every timed run, the largest peak RSS. */
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

const METRICS = [
  ['time to first token (ms)', 'ttftMs', false],
  ['prefill (tokens/s)', 'prefillTokS', true],
  ['decode (tokens/s)', 'decodeTokS', true],
  ['peak RSS (MB)', 'peakRssMB', false],
  ['load (ms)', 'loadMs', false],
];

export default {
  name: 'peer',
  order: 10,
  description:
    'PocketLM (@pocketlm/node) vs transformers.js on the same ONNX file: TTFT, prefill, decode, RSS, load',
  async run({ dir, fixture, quick }) {
    const cfg = quick ? QUICK : FULL;
    // Alternate the runtimes over rounds so drift on a shared machine falls on both, then take medians of all runs.
    const raw = { ours: [], peer: [] };
    for (let round = 0; round < cfg.rounds; round++) {
      raw.ours.push(runChild('pocketlm.mjs', dir, cfg));
      raw.peer.push(runChild('transformers.mjs', dir, cfg));
    }
    const ours = combine(raw.ours);
    const peer = combine(raw.peer);
    const sameTokens = [...raw.ours, ...raw.peer].every(
      (r) => JSON.stringify(r.tokens) === JSON.stringify(ours.tokens),
    );
    const table = METRICS.map(([label, key, higherIsBetter]) => {
      const r = ours[key] / peer[key];
      return {
        metric: label,
        pocketlm: fmt(ours[key]),
        'transformers.js': fmt(peer[key]),
        ratio: ratio(r),
        better: (higherIsBetter ? r > 1 : r < 1) ? 'pocketlm' : 'transformers.js',
      };
    });
    return {
      title: `PocketLM vs transformers.js on ${fixture}`,
      note:
        `${ours.promptTokens} prompt tokens, ${ours.newTokens} new tokens, greedy, median of ${ours.runs} runs per ` +
        `runtime (${cfg.rounds} alternating process(es) each, a warm-up first); ratio = pocketlm / transformers.js; ` +
        `identical greedy tokens: ${sameTokens}`,
      rows: table,
      json: { config: cfg, sameTokens, pocketlm: ours, transformersjs: peer, raw, table },
      problems: sameTokens ? [] : ['peer: PocketLM and transformers.js produced different greedy tokens'],
    };
  },
};
