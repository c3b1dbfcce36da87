import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLASSIFIER_CLS_TOKEN } from '../src/fixtures/classifier-config.js';
import { CLASSIFIER_TEXTS } from '../src/fixtures/classifier-texts.js';
import { ensureFixture } from '../src/fixtures/ensure-fixture.js';
import { fixtureSpecs } from '../src/fixtures/fixture-specs.js';
import { writeFixture } from '../src/fixtures/write-fixture.js';
import { type OnnxTypes, onnx } from '../src/onnx/onnx-proto.js';
import { listFiles, rightPadded } from './helpers/padded-rows.js';
import { ReferenceDistilbert } from './helpers/reference-distilbert.js';

const spec = fixtureSpecs['tiny-classifier'];
let dir: string;
let tokenizer: Tokenizer;
let session: ort.InferenceSession;
let reference: ReferenceDistilbert;

const json = (name: string) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as Record<string, unknown>;

/** Runs rows right-padded to one length (pad id 2, masked out) and returns the logits per row. */
async function runOrt(rows: number[][]): Promise<Float32Array[]> {
  const { ids, mask, dims } = rightPadded(rows, 2);
  const out = await session.run({
    input_ids: new ort.Tensor('int64', ids, dims),
    attention_mask: new ort.Tensor('int64', mask, dims),
  });
  const logits = out.logits;
  expect(logits.dims).toEqual([rows.length, spec.labels.length]);
  const data = logits.data as Float32Array;
  return rows.map((_, b) => data.slice(b * spec.labels.length, (b + 1) * spec.labels.length));
}

const encode = (text: string) => tokenizer.encode(text, { add_special_tokens: true }).ids;
const unsafeProbability = (logits: ArrayLike<number>) => 1 / (1 + Math.exp(logits[0] - logits[1]));

beforeAll(async () => {
  dir = await ensureFixture('tiny-classifier');
  tokenizer = new Tokenizer(json('tokenizer.json'), json('tokenizer_config.json'));
  session = await ort.InferenceSession.create(join(dir, 'onnx', 'model.onnx'));
  reference = await ReferenceDistilbert.load(dir, spec);
});

describe('tiny-classifier fixture', () => {
  it('writes the Hugging Face sequence-classification layout', () => {
    expect(listFiles(dir)).toEqual([
      '.pocketlm-fixture.json',
      'config.json',
      'model.safetensors',
      'onnx/model.onnx',
      'tokenizer.json',
      'tokenizer_config.json',
    ]);
    expect(json('config.json')).toMatchObject({
      model_type: 'distilbert',
      architectures: ['DistilBertForSequenceClassification'],
      id2label: { 0: 'safe', 1: 'unsafe' },
      label2id: { safe: 0, unsafe: 1 },
      problem_type: 'single_label_classification',
      vocab_size: 500,
      dim: 64,
      hidden_dim: 128,
      n_layers: 2,
      n_heads: 4,
      max_position_embeddings: 128,
      pad_token_id: 2,
      activation: 'gelu',
      sinusoidal_pos_embds: false,
    });
    const config = json('tokenizer_config.json');
    expect(config).toMatchObject({
      model_max_length: 128,
      cls_token: CLASSIFIER_CLS_TOKEN,
      pad_token: '<|im_end|>',
    });
    expect(config).not.toHaveProperty('chat_template');
  });

  it('its tokenizer starts every encoding with the classification token, only when adding special tokens', () => {
    const cls = tokenizer.token_to_id(CLASSIFIER_CLS_TOKEN);
    const plain = tokenizer.encode('hello world', { add_special_tokens: false }).ids;
    expect(encode('hello world')).toEqual([cls, ...plain]);
    expect(encode('')).toEqual([cls]);
  });

  it('model.onnx is an opset-17 graph of standard ops with the Optimum classification I/O', () => {
    const model = onnx.ModelProto.decode(readFileSync(join(dir, 'onnx', 'model.onnx')));
    expect(model.opsetImport.map((o) => [o.domain, Number(o.version)])).toEqual([['', 17]]);
    const graph = model.graph as OnnxTypes.GraphProto;
    expect(new Set(graph.node.map((n) => n.domain ?? ''))).toEqual(new Set(['']));
    const dims = (v: OnnxTypes.IValueInfoProto) =>
      v.type!.tensorType!.shape!.dim!.map((d) => (d.dimParam ? d.dimParam : Number(d.dimValue)));
    expect(graph.input.map((v) => [v.name, dims(v)])).toEqual([
      ['input_ids', ['batch_size', 'sequence_length']],
      ['attention_mask', ['batch_size', 'sequence_length']],
    ]);
    expect(graph.output.map((v) => [v.name, dims(v)])).toEqual([['logits', ['batch_size', 2]]]);
  });

  it('onnxruntime computes the logits of an independent float64 DistilBERT over model.safetensors', async () => {
    let worst = 0;
    for (const text of CLASSIFIER_TEXTS) {
      const ids = encode(text);
      const [ours] = await runOrt([ids]);
      const want = reference.logits(ids);
      for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(ours[i] - want[i]));
    }
    console.log(`tiny-classifier: max |ORT - reference| logit difference ${worst.toExponential(2)}`);
    expect(worst).toBeLessThan(1e-4);
  });

  it('padded rows in one batch give the logits each row gets alone', async () => {
    const rows = CLASSIFIER_TEXTS.map(encode);
    const batched = await runOrt(rows);
    for (const [b, row] of rows.entries()) {
      const [alone] = await runOrt([row]);
      for (let i = 0; i < alone.length; i++) expect(batched[b][i]).toBeCloseTo(alone[i], 5);
    }
  });

  it('spreads its probabilities, so thresholds separate texts', async () => {
    const probabilities = (await runOrt(CLASSIFIER_TEXTS.map(encode))).map(unsafeProbability);
    console.log(`tiny-classifier: P(unsafe) ${probabilities.map((p) => p.toFixed(3)).join(' ')}`);
    expect(Math.max(...probabilities) - Math.min(...probabilities)).toBeGreaterThan(0.3);
    expect(probabilities.some((p) => p < 0.5)).toBe(true);
    expect(probabilities.some((p) => p > 0.5)).toBe(true);
  });

  it('writing the fixture twice gives byte-identical files', async () => {
    const a = mkdtempSync(join(tmpdir(), 'pocketlm-cls-a-'));
    const b = mkdtempSync(join(tmpdir(), 'pocketlm-cls-b-'));
    await writeFixture('tiny-classifier', a);
    await writeFixture('tiny-classifier', b);
    expect(listFiles(a)).toEqual(listFiles(b));
    for (const f of listFiles(a))
      expect(readFileSync(join(a, f)).equals(readFileSync(join(b, f))), f).toBe(true);
  });
});
