import { basename, dirname } from 'node:path';
import { AutoTokenizer, env, type FeatureExtractionPipeline, pipeline } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENCODER_TEXTS } from '../src/fixtures/encoder-texts.js';
import { ensureFixture } from '../src/fixtures/ensure-fixture.js';
import { fixtureSpecs } from '../src/fixtures/fixture-specs.js';
import { poolReference, ReferenceBert } from './helpers/reference-bert.js';

const spec = fixtureSpecs['tiny-encoder'];
let dir: string;
let extract: FeatureExtractionPipeline;
let reference: ReferenceBert;

beforeAll(async () => {
  dir = await ensureFixture('tiny-encoder');
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = `${dirname(dir)}/`;
  extract = (await pipeline('feature-extraction', basename(dir), {
    dtype: 'fp32',
    device: 'cpu',
  })) as FeatureExtractionPipeline;
  reference = await ReferenceBert.load(dir, spec);
});

afterAll(async () => {
  await extract?.dispose();
});

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

// transformers.js is the implementation users trust: its feature-extraction pipeline must load the fixture as a
// real BERT embedding model and agree with the float64 reference. Texts stay under the model's 128 tokens here;
// transformers.js truncates by cutting the trailing [SEP], which differs from Python's tokenizers.
describe('tiny-encoder in @huggingface/transformers', () => {
  const texts = ENCODER_TEXTS.filter((t) => t.length < 200);

  it('tokenizes like the fixture tokenizer: [CLS] … [SEP]', async () => {
    const tokenizer = await AutoTokenizer.from_pretrained(basename(dir));
    const ids = tokenizer.encode('The forest');
    expect(ids[0]).toBe(2);
    expect(ids.at(-1)).toBe(3);
  });

  it.each([
    ['mean', true],
    ['cls', true],
    ['mean', false],
  ] as const)(
    'pooling %s, normalize %s: the pipeline gives the reference vectors',
    async (pooling, normalize) => {
      const tokenizer = await AutoTokenizer.from_pretrained(basename(dir));
      const output = await extract([...texts], { pooling, normalize });
      expect(output.dims).toEqual([texts.length, spec.hiddenSize]);
      const vectors = output.tolist() as number[][];
      let worst = 0;
      texts.forEach((text, i) => {
        const expected = poolReference(reference.lastHiddenState(tokenizer.encode(text)), pooling, normalize);
        worst = Math.max(worst, maxAbsDiff(vectors[i], expected));
      });
      expect(worst).toBeLessThan(1e-4);
    },
  );
});
