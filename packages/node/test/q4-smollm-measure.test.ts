import { statSync } from 'node:fs';
import { join } from 'node:path';
import { createEngine, type Engine } from '@pocketlm/core';
import { FIXTURE_ONNX_FILES, fixtureSpecs } from '@pocketlm/testkit';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeBackend } from '../src/index.js';
import { fixtureDir } from './fixtures.js';
import { median, ortDecoding, PROMPTS } from './q4-measure-ort.js';

// Measures q4 against fp32 on smollm-135m and logs the numbers; nothing here asserts a time. It takes a few
// minutes, so it runs only when asked: POCKETLM_Q4_MEASURE=1 (POCKETLM_Q4_THREADS sets ORT's intra-op threads).
const enabled = process.env.POCKETLM_Q4_MEASURE === '1';
const threads = Number(process.env.POCKETLM_Q4_THREADS ?? 1);
const spec = fixtureSpecs['smollm-135m'];
const V = spec.vocabSize;
const STEPS = 64;
const { forward, argmax, greedy } = ortDecoding(spec);

let dir: string;
const sessions: Partial<Record<'fp32' | 'q4', ort.InferenceSession>> = {};
let tokenizerEngine: Engine | undefined;

function logSoftmax(logits: Float32Array, row: number): Float64Array {
  const out = new Float64Array(V);
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < V; i++) max = Math.max(max, logits[row * V + i]);
  let sum = 0;
  for (let i = 0; i < V; i++) sum += Math.exp(logits[row * V + i] - max);
  const lse = max + Math.log(sum);
  for (let i = 0; i < V; i++) out[i] = logits[row * V + i] - lse;
  return out;
}

describe.runIf(enabled)('q4 vs fp32 on smollm-135m (measurement, POCKETLM_Q4_MEASURE=1)', () => {
  beforeAll(async () => {
    dir = await fixtureDir('smollm-135m');
    for (const dtype of ['fp32', 'q4'] as const) {
      const started = performance.now();
      sessions[dtype] = await ort.InferenceSession.create(join(dir, FIXTURE_ONNX_FILES[dtype]), {
        intraOpNumThreads: threads,
      });
      const bytes = statSync(join(dir, FIXTURE_ONNX_FILES[dtype])).size;
      console.log(
        `${dtype}: ${FIXTURE_ONNX_FILES[dtype]} ${(bytes / 2 ** 20).toFixed(1)} MiB, session in ` +
          `${((performance.now() - started) / 1000).toFixed(1)} s`,
      );
    }
    tokenizerEngine = await createEngine({ backend: nodeBackend(), model: dir });
  });

  afterAll(async () => {
    await sessions.fp32?.release();
    await sessions.q4?.release();
    await tokenizerEngine?.dispose();
  });

  it(`decode speed, greedy agreement over ${STEPS} tokens and KL(fp32 || q4) on ${PROMPTS.length} prompts`, async () => {
    const fp32 = sessions.fp32!;
    const q4 = sessions.q4!;
    const prompts = PROMPTS.map((p) => tokenizerEngine!.tokenizer.encode(p));
    // Warm both sessions up before timing.
    for (const s of [fp32, q4]) await forward(s, prompts[0]);
    const times = { fp32: [] as number[], q4: [] as number[] };
    let freeAgree = 0;
    let forcedAgree = 0;
    let positions = 0;
    let kl = 0;
    for (const [i, prompt] of prompts.entries()) {
      const a = await greedy(fp32, prompt, STEPS);
      const b = await greedy(q4, prompt, STEPS);
      times.fp32.push(a.msPerToken);
      times.q4.push(b.msPerToken);
      let prefix = 0;
      while (prefix < STEPS && a.ids[prefix] === b.ids[prefix]) prefix++;
      freeAgree += a.ids.filter((id, j) => id === b.ids[j]).length;
      // Teacher forcing along the fp32 greedy path: the distributions a q4 draft and its fp32 verifier compare.
      const sequence = [...prompt, ...a.ids.slice(0, STEPS - 1)];
      const la = (await forward(fp32, sequence)).logits;
      const lb = (await forward(q4, sequence)).logits;
      let promptForced = 0;
      for (let row = prompt.length - 1; row < sequence.length; row++) {
        if (argmax(la, row) === argmax(lb, row)) promptForced++;
        const p = logSoftmax(la, row);
        const q = logSoftmax(lb, row);
        let d = 0;
        for (let t = 0; t < V; t++) d += Math.exp(p[t]) * (p[t] - q[t]);
        kl += d;
        positions++;
      }
      forcedAgree += promptForced;
      console.log(
        `prompt ${i} (${prompt.length} tokens): fp32 ${a.msPerToken.toFixed(1)} ms/token, q4 ${b.msPerToken.toFixed(1)} ` +
          `ms/token; free-running greedy: same first ${prefix}/${STEPS}; teacher-forced top-1 ${promptForced}/${STEPS}`,
      );
      expect(b.ids).toHaveLength(STEPS);
    }
    const total = PROMPTS.length * STEPS;
    console.log(
      `smollm-135m, ${threads} thread(s): decode median fp32 ${median(times.fp32).toFixed(1)} ms/token, ` +
        `q4 ${median(times.q4).toFixed(1)} ms/token; greedy ids equal position by position ${freeAgree}/${total}; ` +
        `teacher-forced top-1 agreement ${forcedAgree}/${total}; mean KL(fp32 || q4) ${(kl / positions).toFixed(3)} nats`,
    );
    expect(positions).toBe(total);
    expect(Number.isFinite(kl)).toBe(true);
  });
});
