import { basename, dirname } from 'node:path';
import {
  AutoModel,
  env,
  type FeatureExtractionPipeline,
  type PreTrainedModel,
  pipeline,
  Tensor,
} from '@huggingface/transformers';
import type { Embedder } from '@pocketlm/core';
// createEmbedder is not yet exported from core's index; its source is the same code.
import { createEmbedder } from '@pocketlm/core';
import { ENCODER_TEXTS, ensureFixture } from '@pocketlm/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeBackend } from '../src/index.js';

// The independent check of embeddings: transformers.js's feature-extraction pipeline loads the same fixture
// directory and must give the same vectors. Texts within the model's 128 tokens (transformers.js truncates by
// dropping the final [SEP], Python's tokenizers and we keep it; the long text is checked separately below).
const TEXTS = ENCODER_TEXTS.filter((t) => t.length < 200);
const LONG = ENCODER_TEXTS.find((t) => t.length >= 200) as string;

let dir: string;
let theirs: FeatureExtractionPipeline;
const embedders: Embedder[] = [];

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

async function embedder(options: Partial<Parameters<typeof createEmbedder>[0]> = {}): Promise<Embedder> {
  const made = await createEmbedder({ backend: nodeBackend(), model: dir, ...options });
  embedders.push(made);
  return made;
}

beforeAll(async () => {
  dir = await ensureFixture('tiny-encoder', { root: process.env.POCKETLM_FIXTURES_DIR });
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = `${dirname(dir)}/`;
  theirs = (await pipeline('feature-extraction', basename(dir), {
    dtype: 'fp32',
    device: 'cpu',
  })) as FeatureExtractionPipeline;
});

afterAll(async () => {
  for (const e of embedders) await e.dispose();
  await theirs?.dispose();
});

describe('embeddings on the node backend vs transformers.js feature-extraction', () => {
  it.each([
    ['mean', true],
    ['cls', true],
    ['mean', false],
  ] as const)(
    'pooling %s, normalize %s: the same vectors, one at a time and batched',
    async (pooling, normalize) => {
      const ours = await (await embedder({ pooling, normalize })).embed(TEXTS);
      let worst = 0;
      for (const [i, text] of TEXTS.entries()) {
        const alone = (await theirs(text, { pooling, normalize })).tolist() as number[][];
        worst = Math.max(worst, maxAbsDiff(ours[i], alone[0]));
      }
      // transformers.js pads the whole list into one batch; ours batches by length.
      const batched = (await theirs([...TEXTS], { pooling, normalize })).tolist() as number[][];
      for (const [i, vector] of batched.entries()) worst = Math.max(worst, maxAbsDiff(ours[i], vector));
      console.log(
        `embedder (${pooling}, normalize ${normalize}) vs transformers.js: max |difference| ${worst.toExponential(2)}`,
      );
      expect(worst).toBeLessThan(1e-5);
    },
  );

  it('uses the fixture 1_Pooling/config.json (mean) and normalizes by default', async () => {
    const made = await embedder();
    expect(made.info).toMatchObject({ dimensions: 64, maxLength: 128, pooling: 'mean', normalize: true });
  });

  it("truncates a long text to [CLS] + its first 126 tokens + [SEP], as Python's tokenizers do", async () => {
    const tokenizer = theirs.tokenizer;
    const content = tokenizer.encode(LONG, { add_special_tokens: false });
    expect(content.length).toBeGreaterThan(126);
    const ids = [2, ...content.slice(0, 126), 3];
    const model = theirs.model as PreTrainedModel;
    const dims = [1, ids.length];
    const { last_hidden_state: states } = (await model({
      input_ids: new Tensor('int64', BigInt64Array.from(ids.map(BigInt)), dims),
      attention_mask: new Tensor('int64', new BigInt64Array(ids.length).fill(1n), dims),
      token_type_ids: new Tensor('int64', new BigInt64Array(ids.length), dims),
    })) as { last_hidden_state: Tensor };
    const expected = states.mean(1).normalize(2, -1).tolist() as number[][];
    const [ours] = await (await embedder()).embed(LONG);
    const difference = maxAbsDiff(ours, expected[0]);
    console.log(
      `embedder truncated text vs transformers.js model: max |difference| ${difference.toExponential(2)}`,
    );
    expect(difference).toBeLessThan(1e-5);
  });

  it('AutoModel on the fixture is a BertModel', async () => {
    const model = await AutoModel.from_pretrained(basename(dir), { dtype: 'fp32' });
    expect(model.config.model_type).toBe('bert');
    await model.dispose();
  });
});
