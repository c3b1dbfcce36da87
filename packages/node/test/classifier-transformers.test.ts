import { basename, dirname } from 'node:path';
import { env, pipeline, type TextClassificationPipeline } from '@huggingface/transformers';
import { type Classifier, createClassifier } from '@pocketlm/core';
import { CLASSIFIER_TEXTS, ensureFixture } from '@pocketlm/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeBackend } from '../src/index.js';

// The independent check of the classifier: transformers.js's text-classification pipeline loads the same fixture
// directory and must give the same label probabilities.
const TEXTS = [
  ...CLASSIFIER_TEXTS,
  // Longer than the model's 128 tokens: both sides must cut it the same way.
  'Once upon a time, in a land far away, there lived a curious robot named Pixel. '.repeat(12),
];

let dir: string;
let classifier: Classifier;
let theirs: TextClassificationPipeline;

type Scores = Record<string, number>;
const maxDifference = (a: Scores, b: Scores) => Math.max(...Object.keys(a).map((k) => Math.abs(a[k] - b[k])));

async function theirScores(texts: string[]): Promise<Scores[]> {
  const out = (await theirs(texts, { top_k: null })) as unknown as { label: string; score: number }[][];
  return out.map((row) => Object.fromEntries(row.map((o) => [o.label, o.score])));
}

beforeAll(async () => {
  dir = await ensureFixture('tiny-classifier', { root: process.env.POCKETLM_FIXTURES_DIR });
  classifier = await createClassifier({ backend: nodeBackend(), model: dir });
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = `${dirname(dir)}/`;
  theirs = (await pipeline('text-classification', basename(dir), {
    dtype: 'fp32',
    device: 'cpu',
  })) as TextClassificationPipeline;
});

afterAll(async () => {
  await classifier?.dispose();
  await theirs?.dispose();
});

describe('classifier on the node backend vs transformers.js', () => {
  it('gives the probabilities of the text-classification pipeline, one text at a time and batched', async () => {
    const ours = await classifier.classify(TEXTS);
    expect(ours.at(-1)?.truncated).toBe(true);
    expect(ours.slice(0, -1).every((r) => !r.truncated)).toBe(true);
    let worst = 0;
    for (const [i, text] of TEXTS.entries()) {
      const [alone] = await theirScores([text]);
      expect(Object.keys(alone).sort()).toEqual(['safe', 'unsafe']);
      worst = Math.max(worst, maxDifference(ours[i].scores, alone));
    }
    // transformers.js right-pads the whole list into one batch, as our runner pads each of its batches.
    const batched = await theirScores(TEXTS);
    for (const [i, scores] of batched.entries())
      worst = Math.max(worst, maxDifference(ours[i].scores, scores));
    console.log(`classifier vs transformers.js: max probability difference ${worst.toExponential(2)}`);
    expect(worst).toBeLessThan(1e-5);
    expect(new Set(ours.map((r) => r.label))).toEqual(new Set(['safe', 'unsafe']));
  });

  it('classifies a batch as it classifies each text alone', async () => {
    const batch = await classifier.classify(TEXTS);
    let worst = 0;
    for (const [i, text] of TEXTS.entries()) {
      const [alone] = await classifier.classify(text);
      expect(alone.label).toBe(batch[i].label);
      worst = Math.max(worst, maxDifference(alone.scores, batch[i].scores));
    }
    console.log(`classifier batch vs single: max probability difference ${worst.toExponential(2)}`);
    expect(worst).toBeLessThan(1e-6);
  });

  it('measures classify latency (printed, never asserted)', async () => {
    const time = async (run: () => Promise<unknown>, times: number) => {
      await run();
      const start = performance.now();
      for (let i = 0; i < times; i++) await run();
      return (performance.now() - start) / times;
    };
    const short = await time(() => classifier.classify('How do I bake sourdough bread at home?'), 50);
    const long = await time(() => classifier.classify(TEXTS.at(-1)!), 20);
    const batch = await time(() => classifier.classify(TEXTS), 20);
    const pipelineShort = await time(() => theirs('How do I bake sourdough bread at home?'), 50);
    console.log(
      `classify latency on tiny-classifier: short text ${short.toFixed(2)} ms, 128-token text ${long.toFixed(2)} ms, ` +
        `${TEXTS.length} texts ${batch.toFixed(2)} ms; transformers.js pipeline short text ${pipelineShort.toFixed(2)} ms`,
    );
  });
});
