import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureFixture } from '../src/fixtures/ensure-fixture.js';
import { fixtureSpecs } from '../src/fixtures/fixture-specs.js';
import { parseSafetensors, readSafetensors } from '../src/safetensors/read-safetensors.js';
import { writeSafetensors } from '../src/safetensors/write-safetensors.js';
import { generateTensor, llamaTensors } from '../src/weights/llama-weights.js';

const spec = fixtureSpecs.tiny;
let file: string;

beforeAll(async () => {
  file = join(await ensureFixture('tiny'), 'model.safetensors');
});

describe('model.safetensors of the tiny fixture', () => {
  it('has a valid, aligned header with HF names and contiguous F32 data', () => {
    const bytes = readFileSync(file);
    const headerLength = Number(bytes.readBigUInt64LE(0));
    expect(headerLength % 8).toBe(0);
    const header = JSON.parse(bytes.subarray(8, 8 + headerLength).toString('utf8')) as Record<
      string,
      unknown
    >;
    expect(header.__metadata__).toEqual({ format: 'pt' });
    const entries = Object.entries(header).filter(([k]) => k !== '__metadata__') as [
      string,
      { dtype: string; shape: number[]; data_offsets: [number, number] },
    ][];
    let offset = 0;
    for (const [, e] of entries) {
      expect(e.dtype).toBe('F32');
      expect(e.data_offsets[0]).toBe(offset);
      offset = e.data_offsets[1];
      expect(offset - e.data_offsets[0]).toBe(e.shape.reduce((a, b) => a * b, 1) * 4);
    }
    expect(8 + headerLength + offset).toBe(statSync(file).size);

    const shapes = Object.fromEntries(entries.map(([k, e]) => [k, e.shape]));
    const kv = spec.numKVHeads * spec.headDim;
    expect(shapes['model.embed_tokens.weight']).toEqual([spec.vocabSize, spec.hiddenSize]);
    expect(shapes['model.layers.0.self_attn.q_proj.weight']).toEqual([
      spec.numHeads * spec.headDim,
      spec.hiddenSize,
    ]);
    expect(shapes['model.layers.1.self_attn.k_proj.weight']).toEqual([kv, spec.hiddenSize]);
    expect(shapes['model.layers.1.self_attn.v_proj.weight']).toEqual([kv, spec.hiddenSize]);
    expect(shapes['model.layers.1.self_attn.o_proj.weight']).toEqual([
      spec.hiddenSize,
      spec.numHeads * spec.headDim,
    ]);
    expect(shapes['model.layers.0.mlp.gate_proj.weight']).toEqual([spec.intermediateSize, spec.hiddenSize]);
    expect(shapes['model.layers.0.mlp.up_proj.weight']).toEqual([spec.intermediateSize, spec.hiddenSize]);
    expect(shapes['model.layers.0.mlp.down_proj.weight']).toEqual([spec.hiddenSize, spec.intermediateSize]);
    expect(shapes['model.layers.1.input_layernorm.weight']).toEqual([spec.hiddenSize]);
    expect(shapes['model.layers.1.post_attention_layernorm.weight']).toEqual([spec.hiddenSize]);
    expect(shapes['model.norm.weight']).toEqual([spec.hiddenSize]);
    expect(shapes['lm_head.weight']).toBeUndefined();
    expect(entries.length).toBe(2 + 9 * spec.numLayers);
  });

  it('reads back exactly the seeded weights', async () => {
    const st = await readSafetensors(file);
    for (const info of llamaTensors(spec)) {
      expect(st.tensors.get(info.name)?.shape).toEqual(info.shape);
      expect(st.getFloat32(info.name)).toEqual(generateTensor(spec, info));
    }
  });

  it('pads the embedding past the tokenizer with zero rows', async () => {
    const embed = (await readSafetensors(file)).getFloat32('model.embed_tokens.weight');
    const h = spec.hiddenSize;
    expect(embed.subarray(spec.tokenizerVocabSize * h).every((v) => v === 0)).toBe(true);
    expect(
      embed.subarray((spec.tokenizerVocabSize - 1) * h, spec.tokenizerVocabSize * h).some((v) => v !== 0),
    ).toBe(true);
  });
});

describe('writeSafetensors / parseSafetensors', () => {
  it('round-trips arbitrary shapes and metadata', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'pocketlm-st-')), 'x.safetensors');
    const entries = [
      { name: 'a', shape: [3] },
      { name: 'b.weight', shape: [2, 5] },
      { name: 'scalar', shape: [] },
    ];
    const data = entries.map((e, i) =>
      Float32Array.from({ length: e.shape.reduce((x, y) => x * y, 1) }, (_, j) => i * 100 + j + 0.5),
    );
    await writeSafetensors(path, entries, (_, i) => data[i], { metadata: { format: 'pt', note: 'é' } });
    const st = parseSafetensors(readFileSync(path));
    expect(st.metadata).toEqual({ format: 'pt', note: 'é' });
    expect(st.headerLength % 8).toBe(0);
    entries.forEach((e, i) => {
      expect(st.tensors.get(e.name)?.shape).toEqual(e.shape);
      expect(st.getFloat32(e.name)).toEqual(data[i]);
    });
  });

  it('rejects data_offsets outside the file and wrong tensor sizes', async () => {
    const json = Buffer.from(JSON.stringify({ t: { dtype: 'F32', shape: [4], data_offsets: [0, 16] } }));
    const bytes = Buffer.alloc(8 + json.length + 8);
    bytes.writeBigUInt64LE(BigInt(json.length), 0);
    json.copy(bytes, 8);
    expect(() => parseSafetensors(bytes)).toThrow(/outside/);
    const path = join(mkdtempSync(join(tmpdir(), 'pocketlm-st-')), 'bad.safetensors');
    await expect(
      writeSafetensors(path, [{ name: 't', shape: [4] }], () => new Float32Array(3)),
    ).rejects.toThrow(/needs 4/);
  });
});
