import { type FileHandle, open } from 'node:fs/promises';
import { GgufEncoder, type GgufMetadataEntry } from './gguf-metadata-entry.js';

/** ggml tensor types the writer knows the layout of: id, values per block, bytes per block. */
export const GGML_TENSOR_TYPES = {
  F32: { id: 0, blockElements: 1, blockBytes: 4 },
  F16: { id: 1, blockElements: 1, blockBytes: 2 },
  Q4_0: { id: 2, blockElements: 32, blockBytes: 18 },
  Q8_0: { id: 8, blockElements: 32, blockBytes: 34 },
} as const;

/** A ggml tensor type name the writer supports. */
export type GgmlTensorType = keyof typeof GGML_TENSOR_TYPES;

/** One tensor of a GGUF file: llama.cpp name, ggml dims (innermost first, `ne[0]` = columns) and type. */
export interface GgufTensorSpec {
  readonly name: string;
  readonly dims: readonly number[];
  readonly type: GgmlTensorType;
}

/** Bytes of a tensor's data. */
export function ggufTensorBytes(spec: GgufTensorSpec): number {
  const { blockElements, blockBytes } = GGML_TENSOR_TYPES[spec.type];
  const elements = spec.dims.reduce((a, b) => a * b, 1);
  if (spec.dims[0] % blockElements !== 0) {
    throw new Error(`gguf: ${spec.name} has rows of ${spec.dims[0]}, not whole ${spec.type} blocks.`);
  }
  return (elements / blockElements) * blockBytes;
}

function padTo(n: number, alignment: number): number {
  return Math.ceil(n / alignment) * alignment;
}

/**
 * Streams a GGUF v3 file: the header (metadata and tensor infos, with each tensor's offset aligned) is written by
 * `open`, then each tensor's bytes by `write`, in `tensors` order, padded to the alignment. Only one tensor is in
 * memory at a time.
 */
export class GgufWriter {
  private next = 0;

  private constructor(
    private readonly file: FileHandle,
    private readonly tensors: readonly GgufTensorSpec[],
    private readonly alignment: number,
  ) {}

  /**
   * Creates `path` and writes the header. `alignment` must match `general.alignment` in `metadata` when that is
   * present (default 32, GGUF's default).
   */
  static async open(
    path: string,
    metadata: readonly GgufMetadataEntry[],
    tensors: readonly GgufTensorSpec[],
    alignment = 32,
  ): Promise<GgufWriter> {
    const header = buildGgufHeader(metadata, tensors, alignment);
    const file = await open(path, 'w');
    try {
      await file.write(header);
    } catch (error) {
      await file.close();
      throw error;
    }
    return new GgufWriter(file, tensors, alignment);
  }

  /** The spec of the tensor `write` expects next, if any. */
  get pending(): GgufTensorSpec | undefined {
    return this.tensors[this.next];
  }

  /** Writes the next tensor's bytes (already in its ggml type and row order). */
  async write(bytes: Uint8Array): Promise<void> {
    const spec = this.tensors[this.next];
    if (!spec) throw new Error('gguf: every tensor is already written.');
    if (bytes.length !== ggufTensorBytes(spec)) {
      throw new Error(`gguf: ${spec.name} has ${bytes.length} bytes, expected ${ggufTensorBytes(spec)}.`);
    }
    await this.file.write(bytes);
    const padding = padTo(bytes.length, this.alignment) - bytes.length;
    if (padding > 0) await this.file.write(new Uint8Array(padding));
    this.next += 1;
  }

  /** Closes the file; throws if a tensor was not written. */
  async close(): Promise<void> {
    await this.file.close();
    if (this.next !== this.tensors.length) {
      throw new Error(`gguf: only ${this.next} of ${this.tensors.length} tensors were written.`);
    }
  }

  /** Closes the file after a failure. */
  async abort(): Promise<void> {
    await this.file.close();
  }
}

/** The GGUF v3 header: magic, version, counts, metadata, tensor infos, padding up to the data section. */
export function buildGgufHeader(
  metadata: readonly GgufMetadataEntry[],
  tensors: readonly GgufTensorSpec[],
  alignment = 32,
): Uint8Array {
  const enc = new GgufEncoder();
  enc.bytes(new TextEncoder().encode('GGUF'));
  enc.u32(3);
  enc.u64(tensors.length);
  enc.u64(metadata.length);
  for (const entry of metadata) enc.entry(entry);
  let offset = 0;
  for (const t of tensors) {
    enc.string(t.name);
    enc.u32(t.dims.length);
    for (const d of t.dims) enc.u64(d);
    enc.u32(GGML_TENSOR_TYPES[t.type].id);
    enc.u64(offset);
    offset = padTo(offset + ggufTensorBytes(t), alignment);
  }
  enc.bytes(new Uint8Array(padTo(enc.length, alignment) - enc.length));
  return enc.concat();
}
