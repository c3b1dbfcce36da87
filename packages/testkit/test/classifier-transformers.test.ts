import { basename, dirname } from 'node:path';
import { AutoTokenizer, env, pipeline, type TextClassificationPipeline } from '@huggingface/transformers';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLASSIFIER_TEXTS } from '../src/fixtures/classifier-texts.js';
import { ensureFixture } from '../src/fixtures/ensure-fixture.js';
import { fixtureSpecs } from '../src/fixtures/fixture-specs.js';
import { ReferenceDistilbert } from './helpers/reference-distilbert.js';

const spec = fixtureSpecs['tiny-classifier'];
let dir: string;

beforeAll(async () => {
  dir = await ensureFixture('tiny-classifier');
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = `${dirname(dir)}/`;
});

// transformers.js is the implementation users trust: its text-classification pipeline must load the fixture as a
// real DistilBERT classifier and agree with the float64 reference.
describe('tiny-classifier in @huggingface/transformers', () => {
  it("the pipeline's probabilities are the reference's softmax", async () => {
    const name = basename(dir);
    const tokenizer = await AutoTokenizer.from_pretrained(name);
    const classify = (await pipeline('text-classification', name, {
      dtype: 'fp32',
      device: 'cpu',
    })) as TextClassificationPipeline;
    const reference = await ReferenceDistilbert.load(dir, spec);
    for (const text of CLASSIFIER_TEXTS) {
      const ids = tokenizer.encode(text);
      expect(ids[0]).toBe(1);
      const logits = reference.logits(ids);
      const max = Math.max(...logits);
      const exp = [...logits].map((v) => Math.exp(v - max));
      const sum = exp.reduce((a, b) => a + b, 0);
      const output = (await classify(text, { top_k: null })) as { label: string; score: number }[];
      const scores = Object.fromEntries(output.map((o) => [o.label, o.score]));
      expect(Object.keys(scores).sort()).toEqual(['safe', 'unsafe']);
      expect(scores.safe).toBeCloseTo(exp[0] / sum, 5);
      expect(scores.unsafe).toBeCloseTo(exp[1] / sum, 5);
    }
    await classify.dispose();
  });
});
