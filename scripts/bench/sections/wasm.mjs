// @pocketlm/wasm (PocketLM's own WebAssembly-SIMD backend) against onnxruntime-web's WASM backend and native
// llama.cpp (node-llama-cpp), on the smollm-135m fixture at fp32, int8 and 4-bit, 1 and 2 threads. Every
// configuration runs in its own child process (peer/wasm-*.mjs) so its peak RSS is its own; all read the same
// prompt ids and decode the same number of greedy tokens. Also measures the machine's memory read bandwidth once,
// so each run's weight bytes read per second can be put against it.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureFixture } from '@pocketlm/testkit';
import { ensureNodeLlamaCpp } from '../lib/bench-peers.mjs';
import { fmt, median, progress, ratio } from '../lib/common.mjs';

const FIXTURE = 'smollm-135m';
// budgetMs: the timed runs of one configuration stop early (at least one) when the warm-up says they would take longer.
const FULL = {
  promptTokens: 128,
  newTokens: 64,
  runs: 3,
  budgetMs: 60_000,
  threads: [1, 2],
  bandwidthMiB: 512,
  bandwidthPasses: 5,
};
// --quick: one thread only (2-thread rows are left out), short prompt and decode, one run.
const QUICK = {
  promptTokens: 32,
  newTokens: 8,
  runs: 1,
  budgetMs: 30_000,
  threads: [1],
  bandwidthMiB: 256,
  bandwidthPasses: 3,
};
const PRECISIONS = [
  { key: 'fp32', label: 'fp32', gguf: 'model-f32.gguf' },
  { key: 'q8', label: 'int8', gguf: 'model-q8_0.gguf' },
  { key: 'q4', label: '4-bit', gguf: 'model-q4_0.gguf' },
];
const ENGINES = [
  { key: 'pocketlm', label: 'pocketlm wasm', script: 'wasm-pocketlm.mjs' },
  { key: 'ortweb', label: 'onnxruntime-web wasm', script: 'wasm-ort-web.mjs' },
  { key: 'llamacpp', label: 'llama.cpp (node-llama-cpp)', script: 'wasm-llama-cpp.mjs' },
];
const CHILD_TIMEOUT_MS = 15 * 60_000;

/** Runs one child script with a JSON argument; resolves to its last stdout line parsed, or `{ failed }`. */
function runChild(script, args) {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [fileURLToPath(new URL(`../peer/${script}`, import.meta.url)), JSON.stringify(args)],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_TIMEOUT_MS);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const last = out.trim().split('\n').at(-1);
      try {
        if (code === 0 && last) return resolve(JSON.parse(last));
      } catch {}
      const why = signal
        ? `killed by ${signal}${signal === 'SIGKILL' ? ` (over ${CHILD_TIMEOUT_MS / 60_000} min?)` : ''}`
        : `exit code ${code}`;
      resolve({ failed: `${script} ${why}: ${err.trim().split('\n').slice(-3).join(' ').slice(0, 400)}` });
    });
  });
}

/** Medians over a child's timed runs. */
function summarize(r) {
  const runs = r.runs ?? [];
  return {
    prefillTokS: median(runs.map((x) => x.prefillTokS)),
    decodeTokS: median(runs.map((x) => x.decodeTokS)),
  };
}

/** How many leading greedy tokens two runs share ("64/64"). */
function agreement(a, b) {
  if (!a || !b) return '';
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return `${n}/${Math.min(a.length, b.length)}`;
}

export default {
  name: 'wasm',
  order: 60,
  description:
    '@pocketlm/wasm vs onnxruntime-web (WASM) and llama.cpp on smollm-135m: fp32/int8/4-bit, 1-2 threads, tok/s, RSS, GB/s',
  async run({ quick, root }) {
    const cfg = quick ? QUICK : FULL;
    const dir = await ensureFixture(FIXTURE, {
      root: process.env.POCKETLM_FIXTURES_DIR ?? join(root, '.cache', 'fixtures'),
    });
    const problems = [];
    const notes = [];

    progress('  wasm: memory bandwidth (peer/wasm-membw.mjs)');
    const bandwidth = await runChild('wasm-membw.mjs', {
      mib: cfg.bandwidthMiB,
      passes: cfg.bandwidthPasses,
    });
    if (bandwidth.failed) problems.push(`wasm: memory bandwidth: ${bandwidth.failed}`);
    const limit = { 1: bandwidth.read1GBs, 2: bandwidth.read2GBs };

    const llama = await ensureNodeLlamaCpp(root, { onProgress: (m) => progress(`  wasm: ${m}`) });
    if (llama.error) notes.push(`llama.cpp not measured: ${llama.error}.`);

    const common = {
      dir,
      runs: cfg.runs,
      newTokens: cfg.newTokens,
      promptTokens: cfg.promptTokens,
      budgetMs: cfg.budgetMs,
    };
    const results = {};
    let wasmThreadsMissing;
    for (const precision of PRECISIONS) {
      for (const threads of cfg.threads) {
        for (const engine of ENGINES) {
          const id = `${engine.key}/${precision.key}/${threads}`;
          let r;
          if (engine.key === 'llamacpp' && llama.error)
            r = { unavailable: 'node-llama-cpp is not installed' };
          else if (engine.key === 'pocketlm' && threads > 1 && wasmThreadsMissing)
            r = { unavailable: wasmThreadsMissing, skipped: true };
          else {
            progress(`  wasm: ${engine.label}, ${precision.label}, ${threads} thread(s)`);
            r = await runChild(engine.script, {
              ...common,
              precision: precision.key,
              threads,
              ...(engine.key === 'pocketlm' ? { file: precision.gguf } : {}),
              ...(engine.key === 'llamacpp' ? { module: llama.module } : {}),
            });
          }
          if (engine.key === 'pocketlm' && threads > 1 && r.unavailable && /thread/.test(r.unavailable)) {
            wasmThreadsMissing = r.unavailable;
          }
          if (r.failed) problems.push(`wasm: ${engine.label} ${precision.label} ${threads}t: ${r.failed}`);
          results[id] = { engine: engine.key, precision: precision.key, threads, ...r };
        }
      }
    }

    const rows = [];
    for (const precision of PRECISIONS) {
      for (const threads of cfg.threads) {
        const get = (key) => results[`${key}/${precision.key}/${threads}`];
        const ours = get('pocketlm');
        const ort = get('ortweb');
        const cpp = get('llamacpp');
        for (const engine of ENGINES) {
          const r = get(engine.key);
          const base = {
            engine: engine.label,
            precision: precision.label,
            threads: String(threads),
            runs: r.runs ? String(r.runs.length) : '',
          };
          if (!r.runs) {
            const why = r.failed
              ? 'failed'
              : engine.key === 'pocketlm' && threads > 1 && wasmThreadsMissing
                ? 'n/a (ran 1 thread)'
                : engine.key === 'ortweb' && /no onnx|not supported/i.test(r.unavailable ?? '')
                  ? 'n/a (no ONNX file)'
                  : 'n/a';
            rows.push({
              ...base,
              'prefill tok/s': why,
              'decode tok/s': '',
              'peak RSS MB': '',
              'weight MB': '',
              'weight GB/s': '',
              '% of mem BW': '',
              'decode vs ort-web': '',
              'decode vs llama.cpp': '',
              'tokens = llama.cpp': '',
            });
            continue;
          }
          const s = summarize(r);
          const gbs = (r.weightBytes * s.decodeTokS) / 1e9;
          r.summary = { ...s, weightGBs: gbs, ofBandwidth: gbs / limit[threads] };
          const vs = (other) => (other?.runs ? ratio(s.decodeTokS / summarize(other).decodeTokS) : '');
          rows.push({
            ...base,
            'prefill tok/s': fmt(s.prefillTokS),
            'decode tok/s': fmt(s.decodeTokS),
            'peak RSS MB': fmt(r.peakRssMB),
            'weight MB': fmt(r.weightBytes / 1e6),
            'weight GB/s': gbs.toFixed(2),
            '% of mem BW': Number.isFinite(limit[threads])
              ? `${((100 * gbs) / limit[threads]).toFixed(0)}%`
              : '',
            'decode vs ort-web': engine.key === 'pocketlm' ? vs(ort) : '',
            'decode vs llama.cpp': engine.key === 'pocketlm' ? vs(cpp) : '',
            'tokens = llama.cpp': engine.key === 'llamacpp' ? '' : agreement(r.tokens, cpp?.tokens),
          });
        }
        // At fp32 every engine computes the same function; a different first greedy token means a wrong forward.
        if (precision.key === 'fp32' && ours?.tokens && ort?.tokens && ours.tokens[0] !== ort.tokens[0]) {
          problems.push(`wasm: pocketlm and onnxruntime-web fp32 (${threads}t) pick different first tokens`);
        }
      }
    }

    // The issue's goals, stated for this run.
    const goal = [];
    for (const precision of PRECISIONS) {
      for (const threads of cfg.threads) {
        const ours = results[`pocketlm/${precision.key}/${threads}`];
        const ort = results[`ortweb/${precision.key}/${threads}`];
        const cpp = results[`llamacpp/${precision.key}/${threads}`];
        if (!ours?.summary) continue;
        if (ort?.summary) {
          const r = ours.summary.decodeTokS / ort.summary.decodeTokS;
          goal.push(
            `${precision.label} ${threads}t vs onnxruntime-web ${ratio(r)} (${r > 1 ? 'met' : 'missed'})`,
          );
        }
        if (precision.key === 'q4' && cpp?.summary) {
          const r = ours.summary.decodeTokS / cpp.summary.decodeTokS;
          goal.push(
            `4-bit ${threads}t vs llama.cpp ${ratio(r)} (goal ≥ 0.6×: ${r >= 0.6 ? 'met' : 'missed'})`,
          );
        }
      }
    }
    if (wasmThreadsMissing) {
      notes.push(
        `PocketLM 2-thread rows are n/a: the runner ran on 1 thread (${wasmThreadsMissing}); later 2-thread rows were skipped.`,
      );
    }
    const ortQ8 = results['ortweb/q8/1'];
    if (ortQ8?.unavailable) {
      notes.push(
        "onnxruntime-web int8 is n/a: the fixture has no 8-bit ONNX export and core's ORT loader reads fp32 and q4 " +
          `only (${ortQ8.unavailable.replace(/\.+$/, '')}).`,
      );
    }
    const bw = Number.isFinite(bandwidth.read1GBs)
      ? `Memory read bandwidth (native memchr over ${cfg.bandwidthMiB} MiB × ${cfg.bandwidthPasses} passes, 90th ` +
        'percentile of 16 MiB chunks, so a busy machine lowers it less): ' +
        `${bandwidth.read1GBs.toFixed(1)} GB/s on 1 thread, ${bandwidth.read2GBs.toFixed(1)} GB/s on 2 (memcpy ` +
        `${bandwidth.copy1GBs.toFixed(1)} GB/s read + write); "% of mem BW" = weight GB/s over the figure for that thread count.`
      : 'Memory bandwidth not measured.';
    const note =
      `${FIXTURE}, ${cfg.promptTokens} prompt ids (the fixture tokenizer's, identical for every engine), ` +
      `${cfg.newTokens} greedy new tokens, median of up to ${cfg.runs} run(s) after a warm-up (fewer when they would ` +
      `take over ${cfg.budgetMs / 1000} s: the runs column), one child process per row. ` +
      (quick ? '2-thread rows are left out with --quick. ' : '') +
      'PocketLM loads the same GGUF file llama.cpp reads (model-f32 / q8_0 / q4_0.gguf); onnxruntime-web 1.30 runs ' +
      "onnx/model.onnx (fp32) and onnx/model_q4.onnx (MatMulNBits) through core's ORT runner. Decode tok/s counts " +
      'the steps after the first token; prefill tok/s = prompt ids / time to the first token. ' +
      'weight GB/s = weight bytes at that precision (PocketLM: in wasm memory; peers: file size) × decode tok/s. ' +
      `${bw} "tokens = llama.cpp": leading greedy tokens equal to llama.cpp's at that precision (quantizers differ ` +
      `below fp32, and the random-weight fixture's near-flat logits flip on tiny differences). ` +
      (goal.length ? `Goals: ${goal.join('; ')}. ` : '') +
      notes.join(' ');
    return {
      title: `WASM backend: @pocketlm/wasm vs onnxruntime-web and llama.cpp on ${FIXTURE}`,
      note,
      rows,
      json: { config: cfg, bandwidth, llamaCpp: llama, results },
      problems,
    };
  },
};
