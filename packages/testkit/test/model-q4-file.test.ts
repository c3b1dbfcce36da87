import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureFixture } from '../src/fixtures/ensure-fixture.js';
import { fixtureSpecs } from '../src/fixtures/fixture-specs.js';
import { type OnnxTypes, onnx } from '../src/onnx/onnx-proto.js';
import { FIXTURE_ONNX_FILES } from '../src/onnx/write-llama-onnx.js';
import { readSafetensors, type SafetensorsFile } from '../src/safetensors/read-safetensors.js';
import { quantizeQ4 } from '../src/weights/quantize-q4.js';

const spec = fixtureSpecs.tiny;
let q4: OnnxTypes.ModelProto;
let fp32: OnnxTypes.ModelProto;
let st: SafetensorsFile;

beforeAll(async () => {
  const dir = await ensureFixture('tiny');
  q4 = onnx.ModelProto.decode(readFileSync(join(dir, FIXTURE_ONNX_FILES.q4)));
  fp32 = onnx.ModelProto.decode(readFileSync(join(dir, FIXTURE_ONNX_FILES.fp32)));
  st = await readSafetensors(join(dir, 'model.safetensors'));
});

const graph = (m: OnnxTypes.ModelProto) => m.graph as OnnxTypes.GraphProto;
const initializer = (m: OnnxTypes.ModelProto, name: string) => {
  const t = graph(m).initializer.find((i) => i.name === name);
  if (!t) throw new Error(`no initializer ${name}`);
  return t;
};
// Copy: protobufjs may hand back a view into a shared buffer at any alignment.
const raw = (t: OnnxTypes.ITensorProto) => new Uint8Array(t.rawData!);
const attrs = (n: OnnxTypes.INodeProto) =>
  Object.fromEntries((n.attribute ?? []).map((a) => [a.name, Number(a.i)]));

describe('tiny onnx/model_q4.onnx', () => {
  it('imports opset 17 and com.microsoft 1, with the same inputs and outputs as model.onnx', () => {
    expect(q4.opsetImport.map((o) => [o.domain, Number(o.version)])).toEqual([
      ['', 17],
      ['com.microsoft', 1],
    ]);
    expect(graph(q4).input).toEqual(graph(fp32).input);
    expect(graph(q4).output).toEqual(graph(fp32).output);
  });

  it('runs every projection and the LM head as a 4-bit MatMulNBits (block 32, default zero point)', () => {
    const nbits = graph(q4).node.filter((n) => n.opType === 'MatMulNBits');
    expect(nbits).toHaveLength(7 * spec.numLayers + 1);
    for (const n of nbits) {
      expect(n.domain).toBe('com.microsoft');
      // A, B, scales: no zero_points input, so the zero point is 2^(bits-1) = 8.
      expect(n.input).toHaveLength(3);
      expect(attrs(n)).toMatchObject({ bits: 4, block_size: 32, accuracy_level: 4 });
    }
    const head = nbits.find((n) => n.output?.[0] === 'logits');
    expect(head?.input?.slice(1)).toEqual([
      'model.embed_tokens.weight_Q4',
      'model.embed_tokens.weight_scales',
    ]);
    expect(attrs(head!)).toMatchObject({ K: spec.hiddenSize, N: spec.vocabSize });
    // The remaining float MatMuls are attention's (scores and context), on activations only.
    const weights = new Set(graph(q4).initializer.map((t) => t.name));
    for (const n of graph(q4).node.filter((n) => n.opType === 'MatMul')) {
      expect(n.input?.some((i) => weights.has(i))).toBe(false);
    }
    expect(graph(q4).node.filter((n) => n.opType === 'MatMul')).toHaveLength(2 * spec.numLayers);
  });

  it('holds the quantized safetensors weights, with the embedding and norms in float32', () => {
    for (const [name, info] of st.tensors) {
      const values = st.getFloat32(name);
      if (info.shape.length === 1 || name === 'model.embed_tokens.weight') {
        const t = initializer(q4, name);
        expect(t.dataType).toBe(onnx.TensorProto.DataType.FLOAT);
        expect(new Float32Array(raw(t).buffer)).toEqual(values);
      }
      if (info.shape.length === 2) {
        const [rows, cols] = info.shape;
        const q = quantizeQ4(values, rows, cols);
        const codes = initializer(q4, `${name}_Q4`);
        const scales = initializer(q4, `${name}_scales`);
        expect(codes.dataType).toBe(onnx.TensorProto.DataType.UINT8);
        expect(codes.dims?.map(Number)).toEqual([rows, cols / 32, 16]);
        expect(raw(codes)).toEqual(q.packed);
        expect(scales.dims?.map(Number)).toEqual([rows, cols / 32]);
        expect(new Float32Array(raw(scales).buffer)).toEqual(q.scales);
      }
    }
  });
});
