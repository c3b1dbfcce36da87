import { join } from 'node:path';
import { createEngine, type Engine } from '@pocketlm/core';
import { ensureFixture, FIXTURE_ONNX_FILES, fixtureSpecs } from '@pocketlm/testkit';
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeBackend } from '../src/index.js';
import { median, ortDecoding, PROMPTS } from './q4-measure-ort.js';

// Measures the smollm-135m-q4grid fixture (fp32 weights on the 4-bit grid, so model.onnx is the dequantized
// model_q4.onnx) as a self-speculative pair: q4 draft against fp32 verifier. Logs the numbers; nothing asserts a
// time. It writes a 0.7 GB fixture and takes minutes, so it runs only when asked: POCKETLM_Q4GRID_MEASURE=1.
// POCKETLM_Q4GRID_THREADS sets ORT's intra-op threads (default 1). POCKETLM_Q4GRID_DIRS measures other copies of
// the fixture instead, e.g. one written with another q4AccuracyLevel: comma-separated `label=dir` or `dir`.
const enabled = process.env.POCKETLM_Q4GRID_MEASURE === '1';
const threads = Number(process.env.POCKETLM_Q4GRID_THREADS ?? 1);
const spec = fixtureSpecs['smollm-135m-q4grid'];
const STEPS = 64;
const { forward, argmax, greedy } = ortDecoding(spec);
/** Draft tokens per speculative round: the engine's default `maxDraftTokens`. */
const K = 5;
/** Repeats of each timed single forward when measuring the verify cost. */
const REPEATS = 12;
/** Rounds over the prompts in the end-to-end comparison. */
const ENGINE_REPEATS = 2;

type Sessions = { fp32: ort.InferenceSession; q4: ort.InferenceSession };
interface Target {
  label: string;
  dir: string;
}

/** Expected tokens per round with K drafts each accepted with probability `alpha`: accepted drafts plus one. */
const tokensPerRound = (alpha: number) => (alpha >= 1 ? K + 1 : (1 - alpha ** (K + 1)) / (1 - alpha));

/**
 * Single-forward costs on top of a real cache (the prompt and 48 greedy tokens): fp32 and q4 steps of one token, a
 * q4 step of two (the draft model's catch-up after a fully accepted round: the last draft and the verifier's bonus
 * token) and an fp32 verify of K + 1 tokens, interleaved so load from other processes hits all alike.
 */
async function forwardCosts(s: Sessions, prompt: number[], path: number[]) {
  const context = [...prompt, ...path.slice(0, 48)];
  const pastFp32 = (await forward(s.fp32, context)).present;
  const pastQ4 = (await forward(s.q4, context)).present;
  const verify = path.slice(48, 48 + K + 1);
  const times = { fp32: [] as number[], q4: [] as number[], q4Two: [] as number[], verify: [] as number[] };
  const time = async (list: number[], run: () => Promise<unknown>) => {
    const started = performance.now();
    await run();
    list.push(performance.now() - started);
  };
  for (let r = 0; r < REPEATS; r++) {
    await time(times.fp32, () => forward(s.fp32, verify.slice(0, 1), pastFp32));
    await time(times.verify, () => forward(s.fp32, verify, pastFp32));
    await time(times.q4, () => forward(s.q4, verify.slice(0, 1), pastQ4));
    await time(times.q4Two, () => forward(s.q4, verify.slice(0, 2), pastQ4));
  }
  return {
    fp32: median(times.fp32),
    q4: median(times.q4),
    q4Two: median(times.q4Two),
    verify: median(times.verify),
  };
}

async function targets(): Promise<Target[]> {
  const list = process.env.POCKETLM_Q4GRID_DIRS;
  if (!list) {
    const dir = await ensureFixture('smollm-135m-q4grid', { root: process.env.POCKETLM_FIXTURES_DIR });
    return [{ label: `smollm-135m-q4grid (accuracy_level ${spec.q4AccuracyLevel})`, dir }];
  }
  return list.split(',').map((item) => {
    const at = item.indexOf('=');
    return at < 0 ? { label: item, dir: item } : { label: item.slice(0, at), dir: item.slice(at + 1) };
  });
}

async function measureSessions(target: Target, prompts: number[][]) {
  const options = { intraOpNumThreads: threads };
  const s: Sessions = {
    fp32: await ort.InferenceSession.create(join(target.dir, FIXTURE_ONNX_FILES.fp32), options),
    q4: await ort.InferenceSession.create(join(target.dir, FIXTURE_ONNX_FILES.q4), options),
  };
  try {
    for (const session of [s.fp32, s.q4]) await forward(session, prompts[0]);
    const times = { fp32: [] as number[], q4: [] as number[] };
    const costs: Awaited<ReturnType<typeof forwardCosts>>[] = [];
    let free = 0;
    let forced = 0;
    for (const [i, prompt] of prompts.entries()) {
      const a = await greedy(s.fp32, prompt, STEPS);
      const b = await greedy(s.q4, prompt, STEPS);
      times.fp32.push(a.msPerToken);
      times.q4.push(b.msPerToken);
      let prefix = 0;
      while (prefix < STEPS && a.ids[prefix] === b.ids[prefix]) prefix++;
      free += a.ids.filter((id, j) => id === b.ids[j]).length;
      // Teacher forcing along the fp32 greedy path: whether q4's next token is fp32's, given fp32's history, is
      // exactly whether a draft token is accepted.
      const sequence = [...prompt, ...a.ids.slice(0, STEPS - 1)];
      const la = (await forward(s.fp32, sequence)).logits;
      const lb = (await forward(s.q4, sequence)).logits;
      let promptForced = 0;
      for (let row = prompt.length - 1; row < sequence.length; row++) {
        if (argmax(la, row) === argmax(lb, row)) promptForced++;
      }
      forced += promptForced;
      costs.push(await forwardCosts(s, prompt, a.ids));
      console.log(
        `${target.label} prompt ${i}: fp32 ${a.msPerToken.toFixed(1)} ms/token, q4 ${b.msPerToken.toFixed(1)}; ` +
          `greedy same first ${prefix}/${STEPS}; teacher-forced top-1 ${promptForced}/${STEPS}`,
      );
    }
    const total = PROMPTS.length * STEPS;
    const alpha = forced / total;
    const fp32Step = median(costs.map((c) => c.fp32));
    const q4Step = median(costs.map((c) => c.q4));
    const v = median(costs.map((c) => c.verify / c.fp32));
    const c = q4Step / fp32Step;
    const c2 = median(costs.map((x) => x.q4Two / x.fp32));
    const cDecode = median(times.q4) / median(times.fp32);
    const perRound = tokensPerRound(alpha);
    // The drafter's first forward of a round is two tokens when the previous round accepted all K drafts.
    const roundCost = K * c + alpha ** K * (c2 - c) + v;
    console.log(
      `${target.label}, ${threads} thread(s): greedy decode median fp32 ${median(times.fp32).toFixed(1)} ms/token, ` +
        `q4 ${median(times.q4).toFixed(1)} (ratio ${cDecode.toFixed(3)}); single forward fp32 ${fp32Step.toFixed(1)} ms, ` +
        `q4 ${q4Step.toFixed(1)} ms (c = ${c.toFixed(3)}), q4 2-token ${median(costs.map((x) => x.q4Two)).toFixed(1)} ms ` +
        `(${c2.toFixed(3)} of fp32), fp32 ${K + 1}-token verify ${median(costs.map((x) => x.verify)).toFixed(1)} ms ` +
        `(v = ${v.toFixed(3)}); greedy ids equal position by position ${free}/${total}; teacher-forced top-1 ` +
        `alpha = ${forced}/${total} = ${alpha.toFixed(3)}; tokens/round ${perRound.toFixed(2)}; expected speedup ` +
        `${(perRound / (K * c + v)).toFixed(2)}x (decode-loop c: ${(perRound / (K * cDecode + v)).toFixed(2)}x; ` +
        `with the 2-token catch-up: ${(perRound / roundCost).toFixed(2)}x)`,
    );
    expect(forced).toBeGreaterThan(0);
  } finally {
    await s.fp32.release();
    await s.q4.release();
  }
}

async function measureEngines(target: Target) {
  const backend = nodeBackend({ session: { intraOpNumThreads: threads } });
  const plain = await createEngine({ backend, model: target.dir, prefixCache: false });
  const drafted = await createEngine({
    backend,
    model: target.dir,
    prefixCache: false,
    draft: { dtype: 'q4' },
  });
  try {
    await plain.generate({ prompt: PROMPTS[0], maxTokens: 8 });
    await drafted.generate({ prompt: PROMPTS[0], maxTokens: 8 });
    const sum = { plain: 0, drafted: 0, rounds: 0, proposed: 0, accepted: 0, tokens: 0 };
    for (let r = 0; r < ENGINE_REPEATS; r++) {
      for (const [i, prompt] of PROMPTS.entries()) {
        // Alternate which engine goes first, so drifting load from other processes evens out.
        const run = (engine: Engine) => engine.generate({ prompt, maxTokens: STEPS });
        const first = r % 2 === 0 ? await run(plain) : undefined;
        const b = await run(drafted);
        const a = first ?? (await run(plain));
        expect(b.tokens).toEqual(a.tokens);
        const stats = b.speculation ?? { rounds: 0, drafted: 0, accepted: 0 };
        sum.plain += a.timings.decodeMs;
        sum.drafted += b.timings.decodeMs;
        sum.rounds += stats.rounds;
        sum.proposed += stats.drafted;
        sum.accepted += stats.accepted;
        sum.tokens += a.tokens.length;
        console.log(
          `${target.label} engine prompt ${i}: ${a.tokens.length} tokens, decode ${a.timings.decodeMs.toFixed(0)} ms ` +
            `plain vs ${b.timings.decodeMs.toFixed(0)} ms with the q4 draft ` +
            `(${(a.timings.decodeMs / b.timings.decodeMs).toFixed(2)}x); rounds ${stats.rounds}, ` +
            `drafted ${stats.drafted}, accepted ${stats.accepted}`,
        );
      }
    }
    const runs = ENGINE_REPEATS * PROMPTS.length;
    console.log(
      `${target.label} engine, ${threads} thread(s), ${runs} runs (${PROMPTS.length} prompts x ` +
        `${ENGINE_REPEATS}) of ${STEPS} tokens, identical: decode ${sum.plain.toFixed(0)} ms plain vs ` +
        `${sum.drafted.toFixed(0)} ms drafted = ${(sum.plain / sum.drafted).toFixed(2)}x; ` +
        `rounds ${sum.rounds}, drafted ${sum.proposed}, accepted ${sum.accepted} ` +
        `(${((100 * sum.accepted) / Math.max(1, sum.proposed)).toFixed(1)}%), ` +
        `${((sum.tokens - runs) / Math.max(1, sum.rounds)).toFixed(2)} decode tokens/round`,
    );
  } finally {
    await plain.dispose();
    await drafted.dispose();
  }
}

describe.runIf(enabled)('smollm-135m-q4grid as a self-speculative pair (POCKETLM_Q4GRID_MEASURE=1)', () => {
  let list: Target[];
  let prompts: number[][];

  beforeAll(async () => {
    list = await targets();
    const engine = await createEngine({ backend: nodeBackend(), model: list[0].dir });
    prompts = PROMPTS.map((p) => engine.tokenizer.encode(p));
    await engine.dispose();
  });

  it(`alpha, c and v over ${STEPS} tokens on ${PROMPTS.length} prompts, and the expected speedup`, async () => {
    for (const target of list) await measureSessions(target, prompts);
  }, 1_800_000);

  it(`end to end: engine decode with and without the q4 draft, ${STEPS} greedy tokens`, async () => {
    for (const target of list) await measureEngines(target);
  }, 1_800_000);
});
