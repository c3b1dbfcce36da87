// The OpenAI-compatible server's overhead: 1, 8 and 32 concurrent streaming clients against `@pocketlm/server`
// (clients in a worker thread, reading SSE over real sockets) vs the same requests as concurrent `engine.stream`
// calls in-process, on the same engine. Time to first token (p50/p95) and aggregate completion tokens/s, so the
// HTTP cost is a ratio.
import { Worker } from 'node:worker_threads';
import { createEngine } from '@pocketlm/core';
import { nodeBackend } from '@pocketlm/node';
import { startServer } from '@pocketlm/server';
import { ensureFixture } from '@pocketlm/testkit';
import { fmt, median, progress, ratio } from '../lib/common.mjs';

const FULL = { clients: [1, 8, 32], maxTokens: 64, rounds: 5 };
const QUICK = { clients: [1, 4], maxTokens: 8, rounds: 1 };

/** The p-th percentile (0–100), nearest rank. */
function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

const messagesFor = (i) => [{ role: 'user', content: `Tell me a short story about robot number ${i}.` }];

/** `n` concurrent engine.stream calls: time to first text and completion tokens, per stream. */
async function inProcess(engine, n, maxTokens) {
  const start = performance.now();
  const results = await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const t0 = performance.now();
      let ttftMs;
      let tokens = 0;
      for await (const event of engine.stream({ messages: messagesFor(i), maxTokens })) {
        if (event.type === 'text-delta' && event.text && ttftMs === undefined)
          ttftMs = performance.now() - t0;
        if (event.type === 'finish') tokens = event.usage.completionTokens;
      }
      return { ttftMs, tokens };
    }),
  );
  return { results, wallMs: performance.now() - start };
}

// Runs in a worker thread, so parsing SSE does not share the event loop with the engine (a real client would not).
const CLIENTS = `
const http = require('node:http');
const { parentPort, workerData } = require('node:worker_threads');
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
function one(url, body) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const payload = JSON.stringify(body);
    const req = http.request(url, {
      method: 'POST',
      agent,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
    });
    req.on('error', reject);
    req.on('response', (res) => {
      if (res.statusCode !== 200) return reject(new Error('HTTP ' + res.statusCode));
      res.setEncoding('utf8');
      let buffer = '';
      let ttftMs;
      let tokens = 0;
      res.on('data', (text) => {
        buffer += text;
        for (let i = buffer.indexOf('\\n\\n'); i >= 0; i = buffer.indexOf('\\n\\n')) {
          const data = buffer.slice(0, i).replace(/^data: /, '');
          buffer = buffer.slice(i + 2);
          if (data === '[DONE]') continue;
          const chunk = JSON.parse(data);
          if (chunk.error) return reject(new Error(chunk.error.message));
          if (ttftMs === undefined && chunk.choices[0]?.delta?.content) ttftMs = performance.now() - t0;
          if (chunk.usage) tokens = chunk.usage.completion_tokens;
        }
      });
      res.on('end', () => resolve({ ttftMs, tokens }));
    });
    // Headers and body in one write: fetch (undici) sends them apart, and Nagle plus a delayed ACK then holds
    // the body up to 40 ms now and then, which is the client's cost, not the server's.
    req.end(payload);
  });
}
(async () => {
  const { url, health, bodies } = workerData;
  // A fresh thread's first request compiles and loads the client path: pay for it before the clock starts.
  await new Promise((resolve, reject) => http.get(health, { agent }, (res) => res.resume().on('end', resolve)).on('error', reject));
  const start = performance.now();
  const results = await Promise.all(bodies.map((body) => one(url, body)));
  agent.destroy();
  parentPort.postMessage({ results, wallMs: performance.now() - start });
})().catch((e) => parentPort.postMessage({ error: String((e && e.stack) || e) }));
`;

/** `n` concurrent streaming clients against the server, from a worker thread. */
function overHttp(url, n, maxTokens) {
  const bodies = Array.from({ length: n }, (_, i) => ({
    model: 'bench',
    messages: messagesFor(i),
    max_tokens: maxTokens,
    stream: true,
    stream_options: { include_usage: true },
  }));
  return new Promise((resolve, reject) => {
    const worker = new Worker(CLIENTS, {
      eval: true,
      workerData: { url: `${url}/v1/chat/completions`, health: `${url}/health`, bodies },
    });
    worker.once('message', (m) => {
      void worker.terminate();
      if (m.error) reject(new Error(m.error));
      else resolve(m);
    });
    worker.once('error', reject);
  });
}

/** p50/p95 time to first token and aggregate tokens/s of one run. */
function summarize({ results, wallMs }) {
  const ttfts = results.map((r) => r.ttftMs).filter((t) => t !== undefined);
  const tokens = results.reduce((sum, r) => sum + r.tokens, 0);
  return { p50: percentile(ttfts, 50), p95: percentile(ttfts, 95), tokS: (tokens / wallMs) * 1000, tokens };
}

export default {
  name: 'serve',
  order: 80,
  description:
    'OpenAI-compatible server vs in-process engine: TTFT p50/p95 and tokens/s at 1, 8, 32 streaming clients',
  async run({ dir, fixture, quick, root }) {
    const cfg = quick ? QUICK : FULL;
    // The tiny fixture by default: its forward is cheap, so what is measured is mostly the server's own cost (the
    // worst case for the ratio). POCKETLM_BENCH_FIXTURE runs it on the run's fixture instead.
    const chosen = process.env.POCKETLM_BENCH_FIXTURE ? fixture : 'tiny';
    const model =
      chosen === fixture
        ? dir
        : await ensureFixture('tiny', {
            root: process.env.POCKETLM_FIXTURES_DIR ?? `${root}/.cache/fixtures`,
          });
    // No prefix cache: the same prompts run in both modes, and the second must not find the first's KV.
    const engine = await createEngine({ backend: nodeBackend(), model, prefixCache: false });
    const server = await startServer({ models: { bench: { generator: engine } }, port: 0 });
    const measured = [];
    try {
      progress('  serve: warm-up');
      await inProcess(engine, 2, 4);
      await overHttp(server.url, 2, 4);
      for (const n of cfg.clients) {
        const local = [];
        const http = [];
        for (let round = 0; round < cfg.rounds; round++) {
          progress(`  serve: ${n} client(s), round ${round + 1}/${cfg.rounds}`);
          // Which goes first alternates, so drift on a shared machine falls on both.
          if (round % 2) http.push(summarize(await overHttp(server.url, n, cfg.maxTokens)));
          local.push(summarize(await inProcess(engine, n, cfg.maxTokens)));
          if (!(round % 2)) http.push(summarize(await overHttp(server.url, n, cfg.maxTokens)));
        }
        const med = (runs, key) => median(runs.map((r) => r[key]));
        measured.push({
          clients: n,
          inProcess: { p50: med(local, 'p50'), p95: med(local, 'p95'), tokS: med(local, 'tokS') },
          server: { p50: med(http, 'p50'), p95: med(http, 'p95'), tokS: med(http, 'tokS') },
          rounds: { inProcess: local, server: http },
        });
      }
    } finally {
      await server.close();
      await engine.dispose();
    }
    const rows = measured.map((m) => ({
      clients: m.clients,
      'TTFT p50 ms (engine / server)': `${fmt(m.inProcess.p50)} / ${fmt(m.server.p50)}`,
      'TTFT p95 ms (engine / server)': `${fmt(m.inProcess.p95)} / ${fmt(m.server.p95)}`,
      'tok/s engine': fmt(m.inProcess.tokS),
      'tok/s server': fmt(m.server.tokS),
      'server / engine tok/s': ratio(m.server.tokS / m.inProcess.tokS),
    }));
    return {
      title: `OpenAI-compatible server vs in-process engine on ${chosen}`,
      note:
        `greedy chat completions, ${cfg.maxTokens} tokens max per stream, short distinct prompts, no prefix cache; ` +
        `"engine" = that many concurrent engine.stream calls in the process; "server" = that many streaming ` +
        `clients (node:http + SSE parsing, in a worker thread) against @pocketlm/server on 127.0.0.1 over the same ` +
        `engine. TTFT = request start to the first non-empty text; tok/s = completion tokens of all streams over ` +
        `the wall time of the batch. Medians of ${cfg.rounds} round(s), the two modes alternating.`,
      rows,
      json: { config: cfg, measured },
    };
  },
};
