import { describe, expect, it } from 'vitest';
import { openWeightSource } from '../../src/formats/index.js';
import { expectPocketError } from './expect-invalid.js';
import { MemoryFiles } from './memory-files.js';
import { buildSafetensors, smallSafetensors } from './small-weight-files.js';

const FILE = 'model.safetensors';

function open(bytes: Uint8Array, ranges = true) {
  return openWeightSource(new MemoryFiles(new Map([[FILE, bytes]]), { ranges }));
}

const data = new Uint8Array(32);

describe('safetensors reader', () => {
  it('reads a valid file with ranges or one whole-file read', async () => {
    for (const ranges of [true, false]) {
      const source = await open(smallSafetensors(), ranges);
      expect(source.format).toBe('safetensors');
      expect(source.tensors.get('model.embed_tokens.weight')).toEqual({
        name: 'model.embed_tokens.weight',
        dtype: 'F32',
        shape: [2, 3],
        byteLength: 24,
      });
      expect([...(await source.readTensor('model.norm.weight'))]).toEqual([24, 25, 26, 27, 28, 29, 30, 31]);
      const error = await expectPocketError(source.readTensor('lm_head.weight'));
      expect(error.message).toContain('lm_head.weight');
    }
  });

  it('MODEL_NOT_FOUND when no weight file exists', async () => {
    await expectPocketError(openWeightSource(new MemoryFiles(new Map())), 'MODEL_NOT_FOUND');
  });

  it('a truncated file names the file and what was expected', async () => {
    const bytes = smallSafetensors();
    for (const length of [0, 5, 8, 20, bytes.length - 1]) {
      const error = await expectPocketError(open(bytes.slice(0, length)));
      expect(error.message, String(length)).toContain(FILE);
      expect(error.message, String(length)).toMatch(/truncated|past/);
    }
  });

  it('an absurd header length is refused without reading it', async () => {
    const bytes = smallSafetensors();
    new DataView(bytes.buffer).setBigUint64(0, 2n ** 62n, true);
    const error = await expectPocketError(open(bytes));
    expect(error.message).toContain('100 MB');
  });

  it('headers that lie about offsets, sizes or dtypes', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ a: { dtype: 'F32', shape: [2], data_offsets: [0, 64] } }, /past the 32-byte data section/],
      [{ a: { dtype: 'F32', shape: [2], data_offsets: [8, 0] } }, /invalid data_offsets/],
      [{ a: { dtype: 'F32', shape: [2], data_offsets: [-8, 0] } }, /invalid data_offsets/],
      [{ a: { dtype: 'F32', shape: [3], data_offsets: [0, 8] } }, /shape \[3\].*12 bytes.*8 bytes/],
      [{ a: { dtype: 'F32', shape: [2 ** 40, 2 ** 40], data_offsets: [0, 8] } }, /more elements/],
      [{ a: { dtype: 'F32', shape: [-2], data_offsets: [0, 8] } }, /invalid dimension/],
      [
        {
          a: { dtype: 'F32', shape: [4], data_offsets: [0, 16] },
          b: { dtype: 'F32', shape: [4], data_offsets: [8, 24] },
        },
        /overlap/,
      ],
      [{ a: { dtype: 'F32', shape: [2] } }, /needs a dtype/],
      [{ a: 'nope' }, /needs a dtype/],
    ];
    for (const [header, pattern] of cases) {
      const error = await expectPocketError(open(buildSafetensors(header, data)));
      expect(error.message, JSON.stringify(header)).toMatch(pattern);
    }
    for (const text of ['[1, 2]', '{"a": ', 'null']) {
      const json = new TextEncoder().encode(text);
      const bytes = new Uint8Array(8 + json.length);
      new DataView(bytes.buffer).setBigUint64(0, BigInt(json.length), true);
      bytes.set(json, 8);
      await expectPocketError(open(bytes));
    }
  });

  it('unsupported dtypes are named', async () => {
    for (const dtype of ['I64', 'F64', 'U8', 'F8_E4M3']) {
      const header = { 'model.a': { dtype, shape: [1], data_offsets: [0, 8] } };
      const error = await expectPocketError(open(buildSafetensors(header, data)));
      expect(error.message).toContain(dtype);
      expect(error.details).toMatchObject({ unsupported: 'dtype', tensor: 'model.a' });
    }
  });
});
