import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureFixture } from '../src/fixtures/ensure-fixture.js';
import { fixtureSpecs } from '../src/fixtures/fixture-specs.js';
import { writeFixture } from '../src/fixtures/write-fixture.js';
import { type OnnxTypes, onnx } from '../src/onnx/onnx-proto.js';
import { readSafetensors } from '../src/safetensors/read-safetensors.js';
import { transpose2d } from '../src/weights/transpose.js';

const spec = fixtureSpecs.tiny;
let dir: string;

beforeAll(async () => {
  dir = await ensureFixture('tiny');
});

const json = (name: string) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as Record<string, unknown>;

function listFiles(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(root, join(e.parentPath, e.name)))
    .sort();
}

describe('tiny fixture files', () => {
  it('writes the Hugging Face layout', () => {
    expect(listFiles(dir)).toEqual([
      '.pocketlm-fixture.json',
      'config.json',
      'generation_config.json',
      'model-f32.gguf',
      'model-q4_0.gguf',
      'model-q8_0.gguf',
      'model.safetensors',
      'onnx/model.onnx',
      'onnx/model_q4.onnx',
      'tokenizer.json',
      'tokenizer_config.json',
    ]);
  });

  it('config.json describes the spec', () => {
    expect(json('config.json')).toMatchObject({
      model_type: 'llama',
      architectures: ['LlamaForCausalLM'],
      vocab_size: 512,
      hidden_size: 64,
      intermediate_size: 128,
      num_hidden_layers: 2,
      num_attention_heads: 4,
      num_key_value_heads: 2,
      head_dim: 16,
      max_position_embeddings: 2048,
      rope_theta: 10000,
      rms_norm_eps: 1e-5,
      tie_word_embeddings: true,
      bos_token_id: 1,
      eos_token_id: 2,
      torch_dtype: 'float32',
      hidden_act: 'silu',
      attention_bias: false,
      use_cache: true,
    });
    expect(json('generation_config.json')).toMatchObject({
      bos_token_id: 1,
      eos_token_id: 2,
      pad_token_id: 2,
    });
  });

  it('has a tokenizer no larger than the embedding, with the ChatML control tokens first', () => {
    const tok = json('tokenizer.json') as {
      model: { vocab: Record<string, number> };
      added_tokens: { id: number; content: string }[];
    };
    const ids = new Set([...Object.values(tok.model.vocab), ...tok.added_tokens.map((t) => t.id)]);
    expect(ids.size).toBe(spec.tokenizerVocabSize);
    expect(Math.max(...ids)).toBeLessThan(spec.vocabSize);
    expect(tok.added_tokens.slice(0, 3).map((t) => [t.id, t.content])).toEqual([
      [0, '<|endoftext|>'],
      [1, '<|im_start|>'],
      [2, '<|im_end|>'],
    ]);
  });

  it('model.onnx is an opset-17 graph of standard ops with the Optimum I/O', () => {
    const model = onnx.ModelProto.decode(readFileSync(join(dir, 'onnx', 'model.onnx')));
    expect(model.opsetImport.map((o) => [o.domain, Number(o.version)])).toEqual([['', 17]]);
    const graph = model.graph as OnnxTypes.GraphProto;
    expect(new Set(graph.node.map((n) => n.domain ?? ''))).toEqual(new Set(['']));
    const dims = (v: OnnxTypes.IValueInfoProto) =>
      v.type!.tensorType!.shape!.dim!.map((d) => (d.dimParam ? d.dimParam : Number(d.dimValue)));
    const inputs = Object.fromEntries(graph.input.map((v) => [v.name, dims(v)]));
    const outputs = Object.fromEntries(graph.output.map((v) => [v.name, dims(v)]));
    expect(inputs.input_ids).toEqual(['batch_size', 'sequence_length']);
    expect(inputs.attention_mask).toEqual(['batch_size', 'total_sequence_length']);
    expect(inputs.position_ids).toEqual(['batch_size', 'sequence_length']);
    expect(inputs['past_key_values.1.value']).toEqual(['batch_size', 2, 'past_sequence_length', 16]);
    expect(outputs.logits).toEqual(['batch_size', 'sequence_length', 512]);
    expect(outputs['present.0.key']).toEqual(['batch_size', 2, 'total_sequence_length', 16]);
    expect(graph.input).toHaveLength(3 + 2 * spec.numLayers);
    expect(graph.output).toHaveLength(1 + 2 * spec.numLayers);
  });

  it('model.onnx holds the same weights as model.safetensors (projections transposed)', async () => {
    const model = onnx.ModelProto.decode(readFileSync(join(dir, 'onnx', 'model.onnx')));
    const st = await readSafetensors(join(dir, 'model.safetensors'));
    const inits = new Map((model.graph as OnnxTypes.GraphProto).initializer.map((t) => [t.name, t]));
    const values = (name: string) => {
      // Copy: protobufjs may hand back a view into a shared buffer at any alignment.
      const raw = new Uint8Array(inits.get(name)!.rawData!);
      return new Float32Array(raw.buffer);
    };
    for (const [name, info] of st.tensors) {
      if (info.shape.length === 1 || name === 'model.embed_tokens.weight') {
        expect(values(name)).toEqual(st.getFloat32(name));
      } else {
        expect(values(`${name}.T`)).toEqual(transpose2d(st.getFloat32(name), info.shape[0], info.shape[1]));
      }
    }
  });

  it('writing the fixture twice gives byte-identical files', async () => {
    const a = mkdtempSync(join(tmpdir(), 'pocketlm-fx-a-'));
    const b = mkdtempSync(join(tmpdir(), 'pocketlm-fx-b-'));
    await writeFixture('tiny', a);
    await writeFixture('tiny', b);
    expect(listFiles(a)).toEqual(listFiles(b));
    for (const f of listFiles(a)) {
      const bytes = readFileSync(join(a, f));
      expect(bytes.equals(readFileSync(join(b, f))), f).toBe(true);
    }
  });
});
