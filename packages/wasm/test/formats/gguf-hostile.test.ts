import type { ModelFiles } from '@pocketlm/core';
import type { GgufMetadataEntry } from '@pocketlm/testkit';
import { describe, expect, it } from 'vitest';
import { decodeF16, openWeightSource, readArchitecture } from '../../src/formats/index.js';
import { expectPocketError } from './expect-invalid.js';
import { MemoryFiles } from './memory-files.js';
import {
  buildSmallGguf,
  SMALL_GGUF_METADATA,
  SMALL_GGUF_TENSORS,
  type SmallGguf,
  smallGgufData,
  typeFieldAt,
} from './small-weight-files.js';

const FILE = 'model.gguf';

function filesOf(bytes: Uint8Array, ranges = true): MemoryFiles {
  return new MemoryFiles(new Map([[FILE, bytes]]), { ranges });
}

function open(bytes: Uint8Array) {
  return openWeightSource(filesOf(bytes), { file: FILE });
}

function patched(gguf: SmallGguf, at: number, write: (view: DataView) => void): Uint8Array {
  const bytes = gguf.bytes.slice();
  write(new DataView(bytes.buffer, at));
  return bytes;
}

describe('GGUF reader on valid input', () => {
  it('maps names, reverses dims and reads Q8_0 blocks, with ranges or one whole-file read', async () => {
    for (const ranges of [true, false]) {
      const files = filesOf(buildSmallGguf().bytes, ranges);
      const source = await openWeightSource(files);
      expect(source.format).toBe('gguf');
      expect(source.tensors.get('model.embed_tokens.weight')).toMatchObject({ dtype: 'F32', shape: [8, 32] });
      expect(source.tensors.get('model.layers.0.self_attn.q_proj.weight')).toMatchObject({
        dtype: 'Q8_0',
        shape: [32, 32],
        byteLength: 32 * 34,
      });
      expect((await source.readTensor('model.norm.weight')).length).toBe(128);
      expect(files.reads.filter((r) => r.whole).length).toBe(ranges ? 0 : 1);
      await source.close();
      await expectPocketError(source.readTensor('model.norm.weight'), 'DISPOSED');
    }
  });

  it('undoes the Q/K row permutation on raw rows', async () => {
    const data = smallGgufData();
    const source = await open(buildSmallGguf().bytes);
    // K: 16 rows, 1 KV head of 16 rows: HF row s * 8 + i was stored at 2i + s.
    const k = new Float32Array(
      (await source.readTensor('model.layers.0.self_attn.k_proj.weight')).slice().buffer,
    );
    const stored = new Float32Array(data[3].buffer);
    for (const [hf, gguf] of [
      [0, 0],
      [8, 1],
      [1, 2],
      [15, 15],
      [7, 14],
    ]) {
      expect(k.subarray(hf * 32, hf * 32 + 32)).toEqual(stored.subarray(gguf * 32, gguf * 32 + 32));
    }
  });

  it('reads F16 tensors and un-permutes Q biases (one value per row)', async () => {
    const half = new Uint8Array(new Uint16Array(32).map((_, i) => 0x3c00 + i).buffer);
    const bias = new Float32Array(32).map((_, i) => i);
    const gguf = buildSmallGguf(
      SMALL_GGUF_METADATA,
      [
        { name: 'output_norm.weight', dims: [32], type: 'F16' },
        { name: 'blk.0.attn_q.bias', dims: [32], type: 'F32' },
      ],
      [half, new Uint8Array(bias.buffer)],
    );
    const source = await open(gguf.bytes);
    expect(source.tensors.get('model.norm.weight')).toMatchObject({
      dtype: 'F16',
      shape: [32],
      byteLength: 64,
    });
    expect(decodeF16(await source.readTensor('model.norm.weight'))[1]).toBe(1 + 1 / 1024);
    const q = new Float32Array(
      (await source.readTensor('model.layers.0.self_attn.q_proj.bias')).slice().buffer,
    );
    // 2 heads of 16: HF row h * 16 + s * 8 + i was stored at h * 16 + 2i + s.
    expect([...q.subarray(0, 16)]).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 1, 3, 5, 7, 9, 11, 13, 15]);
    expect(q[16]).toBe(16);
    expect(q[24]).toBe(17);
  });

  it('honours general.alignment, and refuses one that is not a power of two', async () => {
    const withAlignment = (value: number): GgufMetadataEntry[] => [
      ...SMALL_GGUF_METADATA,
      { key: 'general.alignment', type: 'uint32', value },
    ];
    const data = smallGgufData();
    const aligned = buildSmallGguf(withAlignment(256), SMALL_GGUF_TENSORS, data, 256);
    // The data section starts elsewhere than with 32-byte alignment, so a reader ignoring the key would misread.
    expect(aligned.headerEnd).not.toBe(buildSmallGguf(withAlignment(256)).headerEnd);
    const source = await open(aligned.bytes);
    const k = await source.readTensor('model.layers.0.self_attn.k_proj.weight');
    expect(k.length).toBe(data[3].length);
    expect([...(await source.readTensor('model.norm.weight'))]).toEqual([...data[1]]);
    for (const bad of [0, 3, 48]) {
      const error = await expectPocketError(open(buildSmallGguf(withAlignment(bad)).bytes));
      expect(error.message).toContain('general.alignment');
    }
  });

  it('an aborted signal rejects reads with ABORTED', async () => {
    const source = await open(buildSmallGguf().bytes);
    const controller = new AbortController();
    controller.abort();
    await expectPocketError(source.readTensor('model.norm.weight', controller.signal), 'ABORTED');
  });

  it('reads only the header when opening, and exactly a tensor when reading it', async () => {
    const gguf = buildSmallGguf();
    const files = filesOf(gguf.bytes);
    const source = await openWeightSource(files, { file: FILE });
    expect(Math.max(...files.reads.map((r) => r.end))).toBeLessThanOrEqual(gguf.bytes.length);
    files.reads.length = 0;
    const norm = await source.readTensor('model.norm.weight');
    expect(files.reads).toEqual([
      { name: FILE, start: files.reads[0].start, end: files.reads[0].start + 128, whole: false },
    ]);
    expect(norm.length).toBe(128);
  });

  it('refuses to read a tensor the file lacks, naming it', async () => {
    const source = await open(buildSmallGguf().bytes);
    const error = await expectPocketError(source.readTensor('lm_head.weight'));
    expect(error.message).toContain('lm_head.weight');
    expect(error.message).toContain(FILE);
  });
});

describe('GGUF reader on hostile input', () => {
  it('a truncated file: INVALID_MODEL naming the file and what was expected', async () => {
    const { bytes, headerEnd } = buildSmallGguf();
    for (const length of [0, 3, 10, 30, headerEnd - 5, bytes.length - 40, bytes.length - 1]) {
      const error = await expectPocketError(open(bytes.slice(0, length)));
      expect(error.message, String(length)).toContain(FILE);
      expect(error.message, String(length)).toMatch(/truncated|expected|past|needs bytes/);
    }
  });

  it('bad magic or an unsupported version', async () => {
    const gguf = buildSmallGguf();
    await expectPocketError(open(patched(gguf, 0, (v) => v.setUint32(0, 0x12345678, true))));
    const error = await expectPocketError(open(patched(gguf, 4, (v) => v.setUint32(0, 1, true))));
    expect(error.details).toMatchObject({ unsupported: 'version' });
  });

  it('tensor offsets past the end, misaligned or overlapping are refused at open, reading only inside the file', async () => {
    const gguf = buildSmallGguf();
    const q = SMALL_GGUF_TENSORS[2];
    const offsetAt = typeFieldAt(gguf, q) + 4;
    for (const [offset, pattern] of [
      [2n ** 40n, /needs bytes/],
      [2n ** 64n - 32n, /needs bytes/],
      [4n, /aligned/],
      [0n, /overlap/],
    ] as const) {
      const files = filesOf(patched(gguf, offsetAt, (v) => v.setBigUint64(0, offset, true)));
      const error = await expectPocketError(openWeightSource(files, { file: FILE }));
      expect(error.message).toMatch(pattern);
      expect(files.reads.every((r) => r.end <= gguf.bytes.length)).toBe(true);
    }
  });

  it('a dims product that does not fit the data, or rows that are not whole blocks', async () => {
    const gguf = buildSmallGguf();
    const embedDimsAt = gguf.infoAt['token_embd.weight'] + 'token_embd.weight'.length + 4;
    await expectPocketError(open(patched(gguf, embedDimsAt + 8, (v) => v.setBigUint64(0, 2n ** 52n, true))));
    const qDimsAt = gguf.infoAt['blk.0.attn_q.weight'] + 'blk.0.attn_q.weight'.length + 4;
    // Found by the fuzz test: zero columns and 4 billion rows made a zero-byte Q with 4e9 rows to un-permute.
    const empty = patched(gguf, qDimsAt, (v) => {
      v.setBigUint64(0, 0n, true);
      v.setBigUint64(8, 4278190112n, true);
    });
    expect((await expectPocketError(open(empty))).message).toMatch(/empty dimension/);
    const error = await expectPocketError(open(patched(gguf, qDimsAt, (v) => v.setBigUint64(0, 31n, true))));
    expect(error.message).toMatch(/blocks/);
  });

  it('unsupported tensor types are named (Q5_K, I64, F64)', async () => {
    const gguf = buildSmallGguf();
    for (const [id, name] of [
      [13, 'Q5_K'],
      [27, 'I64'],
      [28, 'F64'],
      [999, 'type 999'],
    ] as const) {
      const bytes = patched(gguf, typeFieldAt(gguf, SMALL_GGUF_TENSORS[0]), (v) => v.setUint32(0, id, true));
      const error = await expectPocketError(open(bytes));
      expect(error.message).toContain(name);
      expect(error.details).toMatchObject({ unsupported: 'dtype', tensor: 'token_embd.weight' });
    }
  });

  it('a non-llama architecture is refused', async () => {
    const metadata: GgufMetadataEntry[] = [
      { key: 'general.architecture', type: 'string', value: 'qwen3moe' },
      ...SMALL_GGUF_METADATA.filter((e) => e.key !== 'general.architecture'),
    ];
    const error = await expectPocketError(open(buildSmallGguf(metadata).bytes));
    expect(error.message).toContain('qwen3moe');
    expect(error.details).toMatchObject({ unsupported: 'architecture' });
  });

  it('metadata counts and lengths that would allocate gigabytes are refused before allocating', async () => {
    const gguf = buildSmallGguf();
    // Header: magic, version, tensor count, KV count; then the first key's length.
    await expectPocketError(open(patched(gguf, 8, (v) => v.setBigUint64(0, 2n ** 62n, true))));
    await expectPocketError(open(patched(gguf, 16, (v) => v.setBigUint64(0, 2n ** 40n, true))));
    await expectPocketError(open(patched(gguf, 24, (v) => v.setBigUint64(0, 2n ** 60n, true))));
    const countAt = indexOfKey(gguf.bytes, 'tokenizer.ggml.tokens') + 'tokenizer.ggml.tokens'.length + 8;
    const error = await expectPocketError(
      open(patched(gguf, countAt, (v) => v.setBigUint64(0, 2n ** 33n, true))),
    );
    expect(error.message).toContain('tokenizer.ggml.tokens');
  });

  it('a header longer than 256 MiB is refused without reading it', async () => {
    // A 1 GiB file whose first metadata key claims 300 MB: inside the file, so only the header cap stops it.
    const gguf = patched(buildSmallGguf(), 24, (v) => v.setBigUint64(0, 300_000_000n, true));
    const size = 2 ** 30;
    let largestRead = 0;
    const sparse: ModelFiles = {
      id: 'sparse',
      has: async () => true,
      readText: async () => '',
      readBytes: async () => {
        throw new Error('whole-file read');
      },
      size: async () => size,
      readRange: async (_name, start, end) => {
        largestRead = Math.max(largestRead, end - start);
        const out = new Uint8Array(end - start);
        out.set(gguf.subarray(start, Math.min(end, gguf.length)));
        return out;
      },
    };
    const error = await expectPocketError(openWeightSource(sparse, { file: FILE }));
    expect(error.message).toMatch(/runs past/);
    expect(largestRead).toBeLessThanOrEqual(1 << 20);
  });

  it('nested arrays and unknown value types are refused', async () => {
    const gguf = buildSmallGguf();
    const typeAt = indexOfKey(gguf.bytes, 'tokenizer.ggml.tokens') + 'tokenizer.ggml.tokens'.length;
    await expectPocketError(open(patched(gguf, typeAt + 4, (v) => v.setUint32(0, 9, true))));
    await expectPocketError(open(patched(gguf, typeAt, (v) => v.setUint32(0, 77, true))));
  });

  it('missing hyperparameters make readArchitecture fail with INVALID_MODEL', async () => {
    const metadata = SMALL_GGUF_METADATA.filter((e) => e.key !== 'llama.embedding_length');
    const files = filesOf(buildSmallGguf(metadata).bytes);
    const error = await expectPocketError(readArchitecture(files, { file: FILE }));
    expect(error.message).toContain('llama.embedding_length');
  });
});

function indexOfKey(bytes: Uint8Array, key: string): number {
  const text = new TextDecoder('latin1').decode(bytes);
  const at = text.indexOf(key);
  if (at < 0) throw new Error(`no ${key}`);
  return at;
}
