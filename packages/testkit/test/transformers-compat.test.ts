import { basename, dirname } from 'node:path';
import { AutoModelForCausalLM, env, Tensor } from '@huggingface/transformers';
import { describe, expect, it } from 'vitest';
import { ensureFixture } from '../src/fixtures/ensure-fixture.js';
import { fixtureSpecs } from '../src/fixtures/fixture-specs.js';
import { ReferenceLlama } from '../src/reference/reference-llama.js';

const int64 = (values: number[]) =>
  new Tensor('int64', BigInt64Array.from(values.map((v) => BigInt(v))), [1, values.length]);

describe('tiny fixture in @huggingface/transformers', () => {
  it('loads from the fixture directory and generates the reference greedy ids', async () => {
    const dir = await ensureFixture('tiny');
    env.allowRemoteModels = false;
    env.localModelPath = `${dirname(dir)}/`;
    const model = await AutoModelForCausalLM.from_pretrained(basename(dir), { dtype: 'fp32', device: 'cpu' });
    const reference = await ReferenceLlama.load(dir);
    const V = fixtureSpecs.tiny.vocabSize;
    const prompt = [1, 10, 200, 3];
    const steps = 10;

    const seq = [...prompt];
    for (let i = 0; i < steps; i++) {
      const last = reference.forward(seq).subarray((seq.length - 1) * V);
      seq.push(last.indexOf(Math.max(...last)));
    }

    const out = (await model.generate({
      input_ids: int64(prompt),
      attention_mask: int64(prompt.map(() => 1)),
      max_new_tokens: steps,
      do_sample: false,
    })) as Tensor;
    expect(Array.from(out.data as BigInt64Array, Number)).toEqual(seq);
    await model.dispose();
  });
});
