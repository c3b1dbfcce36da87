// Continuous batching vs one request at a time, in one run:
//   1. aggregate decode tokens/s of 1, 4 and 8 concurrent greedy streams through ContinuousBatchScheduler vs the
//      same requests one after another through SerialScheduler;
//   2. time to first token of a short request that arrives while a ~2k-token prompt prefills, chunked vs unchunked.
import { argmax, ContinuousBatchScheduler, FullKVCache, SerialScheduler } from '@pocketlm/core';
import { fmt, lcg, loadRunner, median, progress, ratio } from '../lib/common.mjs';

const FULL = {
  newTokens: 32,
  promptTokens: 16,
  streams: [1, 4, 8],
  rounds: 3,
  longPrompt: 2048,
  chunk: 256,
  arrivesAfterMs: 300,
};
const QUICK = {
  newTokens: 8,
  promptTokens: 16,
  streams: [1, 4],
  rounds: 1,
  longPrompt: 512,
  chunk: 128,
  arrivesAfterMs: 100,
};
/** The issue's goal for aggregate decode at 8 streams. */
const GOAL_AT_8 = 3;

export default {
  name: 'concurrency',
  order: 20,
  description: 'continuous batching vs serial decode tokens/s; chunked vs unchunked time to first token',
  async run({ dir, fixture, quick }) {
    const cfg = quick ? QUICK : FULL;
    const { runner, capabilities } = await loadRunner(dir);
    const { maxBatchSize } = capabilities;
    const width = runner.config.vocabSize;

    /** Deterministic token ids, different per seed (the fixture's weights are random, so any ids will do). */
    const tokens = (length, seed) => {
      const rand = lcg(seed);
      return Array.from({ length }, () => 3 + Math.floor(rand() * (width - 3)));
    };

    /**
     * A greedy request: runs `prompt`, then feeds back the argmax until `newTokens` are picked. `arrivedAt` is
     * when the request was meant to arrive, which is earlier than now when a timer fired late behind a blocking
     * ORT run.
     */
    const request = (scheduler, prompt, newTokens, arrivedAt = performance.now()) => {
      const ids = [];
      const timing = { submitted: arrivedAt, firstToken: 0, done: 0 };
      return scheduler
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
    };

    /** Decode tokens/s over a batch of requests: tokens after each first one, over the time decoding ran. */
    const decodeRate = (results, start) => {
      const end = Math.max(...results.map((r) => r.timing.done));
      const firstTokens = Math.min(...results.map((r) => r.timing.firstToken));
      const decoded = results.reduce((n, r) => n + r.ids.length - 1, 0);
      return {
        tokS: (decoded / (end - firstTokens)) * 1000,
        totalTokS: (results.length * cfg.newTokens * 1000) / (end - start),
      };
    };

    const throughput = async (n, batched) => {
      const prompts = Array.from({ length: n }, (_, i) => tokens(cfg.promptTokens, 10 + i));
      const start = performance.now();
      let results;
      if (batched) {
        const scheduler = new ContinuousBatchScheduler(runner, { maxBatchSize });
        results = await Promise.all(prompts.map((p) => request(scheduler, p, cfg.newTokens)));
      } else {
        const scheduler = new SerialScheduler(runner);
        results = [];
        for (const p of prompts) results.push(await request(scheduler, p, cfg.newTokens));
      }
      return { ...decodeRate(results, start), ids: results.map((r) => r.ids) };
    };

    /** Submits the long prompt, then a short one while it prefills; returns both times to first token. */
    const ttft = async (prefillChunkSize) => {
      const scheduler = new ContinuousBatchScheduler(runner, { maxBatchSize, prefillChunkSize });
      const long = request(scheduler, tokens(cfg.longPrompt, 99), 2);
      const arrival = performance.now() + cfg.arrivesAfterMs;
      // onnxruntime-node computes on the main thread, so this timer fires at the first gap between ORT calls: like
      // a request the OS has queued until the event loop is free. Its time to first token counts from `arrival`.
      await new Promise((r) => setTimeout(r, cfg.arrivesAfterMs));
      const short = request(scheduler, tokens(cfg.promptTokens, 98), 8, arrival);
      const [l, s] = await Promise.all([long, short]);
      return {
        shortTtftMs: s.timing.firstToken - s.timing.submitted,
        longTtftMs: l.timing.firstToken - l.timing.submitted,
      };
    };

    const streams = [];
    const ttfts = {};
    try {
      // Warm up ORT's allocations for both shapes first.
      await throughput(2, true);
      await throughput(1, false);
      // Serial and batched run back to back (which goes first alternates by round), so each round is a pair
      // measured under the same load on a shared machine; speed-ups are the median of the per-round ratios.
      const runs = new Map(cfg.streams.map((n) => [n, { serial: [], batched: [] }]));
      for (let round = 0; round < cfg.rounds; round++) {
        for (const n of cfg.streams) {
          progress(`  concurrency: round ${round + 1}/${cfg.rounds}, ${n} stream(s)`);
          const { serial, batched } = runs.get(n);
          if (round % 2) batched.push(await throughput(n, true));
          serial.push(await throughput(n, false));
          if (!(round % 2)) batched.push(await throughput(n, true));
        }
      }
      const paired = (serial, batched, key) => median(serial.map((r, i) => batched[i][key] / r[key]));
      for (const n of cfg.streams) {
        const { serial, batched } = runs.get(n);
        const serialTokS = median(serial.map((r) => r.tokS));
        const batchedTokS = median(batched.map((r) => r.tokS));
        const reference = JSON.stringify(serial[0].ids);
        streams.push({
          streams: n,
          serialTokS,
          batchedTokS,
          ratio: paired(serial, batched, 'tokS'),
          ratioOfMedians: batchedTokS / serialTokS,
          serialEndToEndTokS: median(serial.map((r) => r.totalTokS)),
          batchedEndToEndTokS: median(batched.map((r) => r.totalTokS)),
          endToEndRatio: paired(serial, batched, 'totalTokS'),
          identicalTokens: [...serial, ...batched].every((r) => JSON.stringify(r.ids) === reference),
          rounds: { serialTokS: serial.map((r) => r.tokS), batchedTokS: batched.map((r) => r.tokS) },
        });
      }
      progress(`  concurrency: time to first token during a ${cfg.longPrompt}-token prefill, unchunked`);
      ttfts.unchunked = await ttft(cfg.longPrompt);
      progress(`  concurrency: time to first token during a ${cfg.longPrompt}-token prefill, chunked`);
      ttfts.chunked = await ttft(cfg.chunk);
    } finally {
      await runner.dispose();
    }

    const at8 = streams.find((s) => s.streams === 8);
    const rows = streams.map((s) => ({
      metric: `decode tok/s, ${s.streams} stream${s.streams > 1 ? 's' : ''}${s.streams === 8 ? ` (goal ≥ ${GOAL_AT_8}×)` : ''}`,
      'serial / unchunked': fmt(s.serialTokS),
      'batched / chunked': fmt(s.batchedTokS),
      'speed-up': ratio(s.ratio),
      'identical tokens': s.identicalTokens ? 'yes' : 'NO',
    }));
    const last = streams.at(-1);
    rows.push({
      metric: `end-to-end tok/s, ${last.streams} streams (prefill included)`,
      'serial / unchunked': fmt(last.serialEndToEndTokS),
      'batched / chunked': fmt(last.batchedEndToEndTokS),
      'speed-up': ratio(last.endToEndRatio),
    });
    const { chunked, unchunked } = ttfts;
    rows.push(
      {
        metric: `TTFT ms, ${cfg.promptTokens}-token request during ${cfg.longPrompt}-token prefill`,
        'serial / unchunked': fmt(unchunked.shortTtftMs),
        'batched / chunked': fmt(chunked.shortTtftMs),
        'speed-up': ratio(unchunked.shortTtftMs / chunked.shortTtftMs),
      },
      {
        metric: `TTFT ms, the ${cfg.longPrompt}-token request itself`,
        'serial / unchunked': fmt(unchunked.longTtftMs),
        'batched / chunked': fmt(chunked.longTtftMs),
        'speed-up': ratio(unchunked.longTtftMs / chunked.longTtftMs),
      },
    );
    const problems = streams
      .filter((s) => !s.identicalTokens)
      .map((s) => `concurrency: batched and serial greedy tokens differ at ${s.streams} streams`);
    return {
      title: `Continuous batching on ${fixture}`,
      note:
        `greedy, ${cfg.promptTokens}-token prompts, ${cfg.newTokens} new tokens per stream, maxBatchSize ${maxBatchSize}; ` +
        `decode tok/s = tokens after each stream's first, over the time from the first first-token to the last token, ` +
        `medians of ${cfg.rounds} round(s), serial and batched back to back in each; speed-up = median over rounds ` +
        `of batched/serial for tok/s, and unchunked/chunked for TTFT (one measurement each; ContinuousBatchScheduler, ` +
        `${cfg.chunk}-token chunks vs the whole prompt in one step; the short request arrives ${cfg.arrivesAfterMs} ms ` +
        `in)` +
        (at8 ? `; goal at 8 streams ≥ ${GOAL_AT_8}×: ${at8.ratio >= GOAL_AT_8 ? 'met' : 'NOT met'}` : ''),
      rows,
      json: { config: { ...cfg, maxBatchSize }, goalAt8Streams: GOAL_AT_8, streams, ttft: ttfts },
      problems,
    };
  },
};
