import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFixture } from '../src/fixtures/ensure-fixture.js';
import { type FixtureSpec, fixtureSpecs } from '../src/fixtures/fixture-specs.js';
import { writeWeights } from '../src/fixtures/write-weights.js';
import { type OnnxTypes, onnx } from '../src/onnx/onnx-proto.js';
import { FIXTURE_ONNX_FILES } from '../src/onnx/write-llama-onnx.js';
import { readSafetensors } from '../src/safetensors/read-safetensors.js';
import { generateTensor, llamaTensors } from '../src/weights/llama-weights.js';
import { fixtureTensor, isQ4Quantized } from '../src/weights/q4-grid.js';
import { quantizeQ4 } from '../src/weights/quantize-q4.js';
import { runDecoder } from './helpers/run-decoder.js';

// The grid variant is only written when asked for by name (smollm-135m size, benchmarks); these tests check the
// mechanism on the tiny shape, written into a temporary folder.
const grid: FixtureSpec = { ...fixtureSpecs.tiny, weightGrid: 'q4' };
const gridLevel0: FixtureSpec = { ...grid, q4AccuracyLevel: 0 };
let root: string;

/** Writes `spec`'s safetensors, model.onnx and model_q4.onnx into a new folder under `root`. */
async function write(spec: FixtureSpec, name: string): Promise<string> {
  const dir = join(root, name);
  const onnxTargets = (['fp32', 'q4'] as const).map((weights) => ({
    path: join(dir, FIXTURE_ONNX_FILES[weights]),
    weights,
  }));
  await mkdir(join(dir, 'onnx'), { recursive: true });
  await writeWeights(spec, join(dir, 'model.safetensors'), onnxTargets);
  return dir;
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'pocketlm-q4grid-'));
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('q4 weight grid', () => {
  it('smollm-135m-q4grid has smollm-135m shape and seed, on the grid', () => {
    const { weightGrid, q4AccuracyLevel, ...shape } = fixtureSpecs['smollm-135m-q4grid'];
    expect(shape).toEqual(fixtureSpecs['smollm-135m']);
    expect(weightGrid).toBe('q4');
    expect(q4AccuracyLevel).toBe(0);
  });

  it('snaps exactly what MatMulNBits quantizes (projections, tied embedding), to a fixed point', () => {
    for (const info of llamaTensors(grid)) {
      const drawn = generateTensor(grid, info);
      const written = fixtureTensor(grid, info);
      expect(fixtureTensor(fixtureSpecs.tiny, info)).toEqual(drawn);
      if (!isQ4Quantized(grid, info.name)) {
        expect(written, info.name).toEqual(drawn);
        continue;
      }
      const [rows, cols] = info.shape;
      const first = quantizeQ4(drawn, rows, cols);
      expect(written, info.name).toEqual(first.dequantized);
      // Quantizing the snapped weights again gives the same codes and scales back: the q4 file is unchanged.
      const again = quantizeQ4(written, rows, cols);
      expect(again.packed, info.name).toEqual(first.packed);
      expect(again.scales, info.name).toEqual(first.scales);
      expect(again.dequantized, info.name).toEqual(written);
    }
    expect(isQ4Quantized(grid, 'model.embed_tokens.weight')).toBe(true);
    expect(isQ4Quantized({ ...grid, tieWordEmbeddings: false }, 'model.embed_tokens.weight')).toBe(false);
    expect(isQ4Quantized({ ...grid, tieWordEmbeddings: false }, 'lm_head.weight')).toBe(true);
    expect(isQ4Quantized(grid, 'model.layers.0.input_layernorm.weight')).toBe(false);
  });

  it('writes the snapped weights to safetensors, and the q4 codes and scales of the plain fixture', async () => {
    const dir = await write(grid, 'grid');
    const st = await readSafetensors(join(dir, 'model.safetensors'));
    for (const info of llamaTensors(grid)) {
      expect(st.getFloat32(info.name), info.name).toEqual(fixtureTensor(grid, info));
    }
    const decode = (d: string) =>
      onnx.ModelProto.decode(readFileSync(join(d, FIXTURE_ONNX_FILES.q4))).graph as OnnxTypes.GraphProto;
    const gridGraph = decode(dir);
    const plainGraph = decode(await ensureFixture('tiny'));
    expect(gridGraph.node).toEqual(plainGraph.node);
    const plain = new Map(plainGraph.initializer.map((t) => [t.name, t]));
    expect(gridGraph.initializer.map((t) => t.name)).toEqual([...plain.keys()]);
    for (const t of gridGraph.initializer) {
      // Copy: protobufjs may hand back a view into a shared buffer at any alignment.
      const bytes = new Uint8Array(t.rawData!);
      if (t.name === 'model.embed_tokens.weight') {
        // The Gather's float32 embedding is the snapped one, as in model.onnx.
        expect(new Float32Array(bytes.buffer)).toEqual(st.getFloat32(t.name));
      } else {
        expect(bytes, t.name ?? '').toEqual(new Uint8Array(plain.get(t.name)!.rawData!));
      }
    }
  });

  it('with accuracy_level 0, model_q4.onnx computes what model.onnx does', async () => {
    const dir = await write(gridLevel0, 'grid-level0');
    const model = onnx.ModelProto.decode(readFileSync(join(dir, FIXTURE_ONNX_FILES.q4)));
    const nbits = (model.graph as OnnxTypes.GraphProto).node.filter((n) => n.opType === 'MatMulNBits');
    expect(nbits).toHaveLength(7 * grid.numLayers + 1);
    for (const n of nbits) {
      expect(Number(n.attribute?.find((a) => a.name === 'accuracy_level')?.i)).toBe(0);
    }

    const fp32 = await ort.InferenceSession.create(join(dir, FIXTURE_ONNX_FILES.fp32));
    const q4 = await ort.InferenceSession.create(join(dir, FIXTURE_ONNX_FILES.q4));
    try {
      const ids = [1, 17, 230, 5, 499, 64, 3, 3, 128, 77, 300, 2, 41];
      const a = (await runDecoder(fp32, grid, { inputIds: [ids] })).logits;
      const b = (await runDecoder(q4, grid, { inputIds: [ids] })).logits;
      let range = 0;
      let diff = 0;
      for (let i = 0; i < a.length; i++) {
        range = Math.max(range, Math.abs(a[i]));
        diff = Math.max(diff, Math.abs(a[i] - b[i]));
      }
      // Only the summation order differs (int8 activations, accuracy_level 4, are ~6% of the range off).
      expect(diff / range).toBeLessThan(1e-4);
    } finally {
      await fp32.release();
      await q4.release();
    }
  });
});
