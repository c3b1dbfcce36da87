import { invalidModel } from '../invalid-model.js';
import { elementCountOf } from '../shape-bytes.js';
import type { SourceDType } from '../weight-source.js';
import { GGML_TYPE_NAMES, GGML_TYPES, GGUF_DEFAULT_ALIGNMENT, GGUF_MAGIC } from './gguf-constants.js';
import type { GgufCursor } from './gguf-cursor.js';
import { type GgufValue, readGgufValue } from './gguf-metadata.js';

/** One tensor as the GGUF header describes it (llama.cpp name, ggml dims innermost-first). */
export interface GgufTensorInfo {
  readonly name: string;
  /** ggml `ne`: innermost (contiguous) dimension first. */
  readonly dims: readonly number[];
  readonly dtype: SourceDType;
  readonly byteLength: number;
  /** Absolute byte offset of the tensor's data in the file. */
  readonly start: number;
}

/** The parsed header of a GGUF file. */
export interface GgufHeader {
  readonly version: number;
  readonly metadata: ReadonlyMap<string, GgufValue>;
  readonly tensors: readonly GgufTensorInfo[];
  readonly alignment: number;
  /** Absolute offset of the tensor data section. */
  readonly dataStart: number;
}

/** ggml's GGML_MAX_DIMS. */
const MAX_DIMS = 4;
/** Smallest encoded metadata pair (empty key, type, one byte) and tensor info (empty name, no dims, type, offset). */
const MIN_KV_BYTES = 8 + 4 + 1;
const MIN_TENSOR_INFO_BYTES = 8 + 4 + 4 + 8;

/**
 * Parses a GGUF v2/v3 header from `c` and validates every tensor against the file: a supported type, a shape
 * whose size is a whole number of blocks, an aligned offset, a byte range inside the file, and no overlap.
 */
export function parseGgufHeader(c: GgufCursor): GgufHeader {
  const { file } = c;
  if (c.u32('the GGUF magic') !== GGUF_MAGIC) throw invalidModel(file, 'not a GGUF file (bad magic).');
  const version = c.u32('the GGUF version');
  if (version !== 2 && version !== 3) {
    throw invalidModel(file, `GGUF version ${version} is not supported (2 and 3 are).`, {
      version,
      unsupported: 'version',
    });
  }
  const tensorCount = c.count('the tensor count', MIN_TENSOR_INFO_BYTES);
  const kvCount = c.count('the metadata count', MIN_KV_BYTES);
  const metadata = new Map<string, GgufValue>();
  for (let i = 0; i < kvCount; i++) {
    const key = c.string(`metadata key ${i}`);
    const type = c.u32(`the type of ${key}`);
    metadata.set(key, readGgufValue(c, type, key));
  }
  const alignment = alignmentOf(file, metadata.get('general.alignment'));
  const raw: { name: string; dims: number[]; type: number; offset: bigint }[] = [];
  for (let i = 0; i < tensorCount; i++) {
    const name = c.string(`tensor name ${i}`);
    const nDims = c.u32(`the dimension count of ${name}`);
    if (nDims > MAX_DIMS) throw invalidModel(file, `tensor ${name} has ${nDims} dimensions (ggml allows 4).`);
    const dims: number[] = [];
    for (let d = 0; d < nDims; d++) {
      const n = c.u64(`dimension ${d} of ${name}`);
      if (n > BigInt(Number.MAX_SAFE_INTEGER))
        throw invalidModel(file, `tensor ${name} is impossibly large.`);
      dims.push(Number(n));
    }
    raw.push({ name, dims, type: c.u32(`the type of ${name}`), offset: c.u64(`the offset of ${name}`) });
  }
  const dataStart = Math.ceil(c.pos / alignment) * alignment;
  const tensors = raw.map((t) => locate(file, t, alignment, dataStart, c.fileSize));
  checkNoOverlap(file, tensors);
  return { version, metadata, tensors, alignment, dataStart };
}

function alignmentOf(file: string, value: GgufValue | undefined): number {
  if (value === undefined) return GGUF_DEFAULT_ALIGNMENT;
  if (
    typeof value !== 'number' ||
    !Number.isInteger(value) ||
    value <= 0 ||
    value > 1 << 20 ||
    (value & (value - 1)) !== 0
  ) {
    throw invalidModel(file, `general.alignment must be a power of two, got ${String(value)}.`);
  }
  return value;
}

function locate(
  file: string,
  t: { name: string; dims: number[]; type: number; offset: bigint },
  alignment: number,
  dataStart: number,
  fileSize: number,
): GgufTensorInfo {
  const kind = GGML_TYPES[t.type as keyof typeof GGML_TYPES];
  if (!kind) {
    const typeName = GGML_TYPE_NAMES[t.type] ?? `type ${t.type}`;
    throw invalidModel(
      file,
      `tensor ${t.name} is ${typeName}; this backend reads F32, F16, BF16, Q8_0 and Q4_0 GGUF tensors.`,
      { tensor: t.name, dtype: typeName, unsupported: 'dtype' },
    );
  }
  // An empty dimension would make a zero-byte tensor with billions of "rows" to walk (Q/K un-permutation).
  if (t.dims.includes(0))
    throw invalidModel(file, `tensor ${t.name} has an empty dimension.`, { tensor: t.name });
  const elements = elementCountOf(file, t.name, t.dims);
  if (kind.blockElements > 1 && (t.dims[0] ?? 1) % kind.blockElements !== 0) {
    throw invalidModel(
      file,
      `tensor ${t.name}: its rows of ${t.dims[0]} are not whole ${kind.dtype} blocks.`,
      {
        tensor: t.name,
      },
    );
  }
  const byteLength = (elements / kind.blockElements) * kind.blockBytes;
  if (t.offset % BigInt(alignment) !== 0n) {
    throw invalidModel(file, `tensor ${t.name}'s offset ${t.offset} is not aligned to ${alignment}.`, {
      tensor: t.name,
    });
  }
  const start = dataStart + Number(t.offset);
  const end = start + byteLength;
  if (t.offset > BigInt(fileSize) || !Number.isSafeInteger(end) || end > fileSize) {
    throw invalidModel(
      file,
      `tensor ${t.name} needs bytes up to ${end}, but the file has ${fileSize} (truncated or lying header).`,
      { tensor: t.name, needed: end, size: fileSize },
    );
  }
  return { name: t.name, dims: t.dims, dtype: kind.dtype, byteLength, start };
}

function checkNoOverlap(file: string, tensors: readonly GgufTensorInfo[]): void {
  const sorted = [...tensors].sort((a, b) => a.start - b.start);
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1];
    if (sorted[i].start < prev.start + prev.byteLength) {
      throw invalidModel(file, `tensors ${prev.name} and ${sorted[i].name} overlap.`, {
        tensors: [prev.name, sorted[i].name],
      });
    }
  }
  const names = new Set<string>();
  for (const t of tensors) {
    if (names.has(t.name)) throw invalidModel(file, `tensor ${t.name} appears twice.`, { tensor: t.name });
    names.add(t.name);
  }
}
