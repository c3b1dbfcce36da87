import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { ENCODER_TEXTS } from '../src/fixtures/encoder-texts.js';
import { ensureFixture } from '../src/fixtures/ensure-fixture.js';
import { fixtureSpecs } from '../src/fixtures/fixture-specs.js';
import { listFiles, rightPadded } from './helpers/padded-rows.js';
import { ReferenceBert } from './helpers/reference-bert.js';

const spec = fixtureSpecs['tiny-encoder'];
let dir: string;
let tokenizer: Tokenizer;
let session: ort.InferenceSession;
let reference: ReferenceBert;

const json = (name: string) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as Record<string, unknown>;
const encode = (text: string) => tokenizer.encode(text, { add_special_tokens: true });

/** Runs rows right-padded with [PAD] (masked out, segment 0) and returns each row's real tokens' states. */
async function runOrt(rows: number[][]): Promise<Float32Array[][]> {
  const { ids, mask, dims, width } = rightPadded(rows);
  const out = await session.run({
    input_ids: new ort.Tensor('int64', ids, dims),
    attention_mask: new ort.Tensor('int64', mask, dims),
    token_type_ids: new ort.Tensor('int64', new BigInt64Array(ids.length), dims),
  });
  const states = out.last_hidden_state;
  expect(states.dims).toEqual([rows.length, width, spec.hiddenSize]);
  const data = states.data as Float32Array;
  const d = spec.hiddenSize;
  return rows.map((row, b) => row.map((_, t) => data.slice((b * width + t) * d, (b * width + t + 1) * d)));
}

function maxAbsDiff(a: ArrayLike<number>[], b: ArrayLike<number>[]): number {
  let max = 0;
  a.forEach((row, i) => {
    for (let j = 0; j < row.length; j++) max = Math.max(max, Math.abs(row[j] - b[i][j]));
  });
  return max;
}

beforeAll(async () => {
  dir = await ensureFixture('tiny-encoder');
  tokenizer = new Tokenizer(json('tokenizer.json'), json('tokenizer_config.json'));
  session = await ort.InferenceSession.create(join(dir, 'onnx', 'model.onnx'));
  reference = await ReferenceBert.load(dir, spec);
});

describe('tiny-encoder files', () => {
  it('is a BertModel in the feature-extraction layout', () => {
    expect(listFiles(dir)).toEqual([
      '.pocketlm-fixture.json',
      '1_Pooling/config.json',
      'config.json',
      'model.safetensors',
      'onnx/model.onnx',
      'tokenizer.json',
      'tokenizer_config.json',
    ]);
    expect(json('config.json')).toMatchObject({
      architectures: ['BertModel'],
      model_type: 'bert',
      hidden_size: spec.hiddenSize,
      vocab_size: spec.vocabSize,
    });
    expect(json('1_Pooling/config.json')).toMatchObject({ pooling_mode_mean_tokens: true });
    expect(session.inputNames).toEqual(['input_ids', 'attention_mask', 'token_type_ids']);
    expect(session.outputNames).toEqual(['last_hidden_state']);
  });

  it('has a WordPiece tokenizer with [CLS] … [SEP], ## continuations and [UNK]', () => {
    const model = json('tokenizer.json').model as { type: string; vocab: Record<string, number> };
    expect(model.type).toBe('WordPiece');
    expect(Object.keys(model.vocab)).toHaveLength(spec.tokenizerVocabSize);
    const forest = encode('The FOREST and the village');
    expect(forest.tokens[0]).toBe('[CLS]');
    expect(forest.tokens.at(-1)).toBe('[SEP]');
    expect(forest.ids[0]).toBe(2);
    expect(forest.ids.at(-1)).toBe(3);
    // Lowercased, so "FOREST" is the corpus word "forest".
    expect(forest.tokens).toContain('forest');
    const pieces = ENCODER_TEXTS.flatMap((t) => encode(t).tokens);
    expect(pieces.some((t) => t.startsWith('##'))).toBe(true);
    expect(pieces).toContain('[UNK]');
    // Accents are stripped: "crème" spells like "creme".
    expect(encode('Crème').ids).toEqual(encode('creme').ids);
    expect(tokenizer.decode(encode('the quick brown fox').ids, { skip_special_tokens: true })).toBe(
      'the quick brown fox',
    );
  });
});

describe('tiny-encoder ONNX graph', () => {
  it('matches the float64 BertModel reference, single and batched with padding', async () => {
    const rows = ENCODER_TEXTS.map((t) => encode(t).ids.slice(0, spec.maxPositionEmbeddings));
    const batched = await runOrt(rows);
    let worst = 0;
    for (const [i, row] of rows.entries()) {
      const expected = reference.lastHiddenState(row);
      const [single] = await runOrt([row]);
      worst = Math.max(worst, maxAbsDiff(single, expected), maxAbsDiff(batched[i], expected));
    }
    expect(worst).toBeLessThan(1e-4);
  });

  it('gives text-dependent states (not one vector for everything)', async () => {
    const [a, b] = await runOrt([encode('the dog').ids, encode('the weather today').ids]);
    expect(maxAbsDiff([a[0]], [b[0]])).toBeGreaterThan(0.1);
  });
});
