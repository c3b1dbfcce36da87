import { invalidModel, truncated } from '../invalid-model.js';
import { elementCountOf } from '../shape-bytes.js';
import type { SourceDType, TensorEntry } from '../weight-source.js';

/** A tensor of a safetensors file and where its bytes are, relative to the start of the file. */
export interface SafetensorsTensor extends TensorEntry {
  readonly start: number;
}

/** The safetensors format caps the JSON header at 100 MB; anything bigger is hostile or not safetensors. */
export const MAX_SAFETENSORS_HEADER_BYTES = 100_000_000;

const ELEMENT_BYTES: Partial<Record<string, number>> = { F32: 4, F16: 2, BF16: 2 };

/** Reads the 8-byte little-endian header length; refuses lengths past the file or the format's cap. */
export function safetensorsHeaderLength(file: string, prefix: Uint8Array, fileSize: number): number {
  if (prefix.length < 8) throw truncated(file, 'the 8-byte safetensors header length', 8, fileSize);
  const length = new DataView(prefix.buffer, prefix.byteOffset, 8).getBigUint64(0, true);
  if (length > BigInt(MAX_SAFETENSORS_HEADER_BYTES)) {
    throw invalidModel(file, `the safetensors header claims ${length} bytes, over the 100 MB limit.`, {
      headerLength: Number(length),
    });
  }
  const n = Number(length);
  if (8 + n > fileSize) throw truncated(file, `a ${n}-byte safetensors header`, 8 + n, fileSize);
  return n;
}

/**
 * Parses and validates the JSON header of a safetensors file (`json` is the header's bytes, `fileSize` the size
 * of the whole file). Every tensor's offsets must lie inside the data section, no two may overlap, and each
 * byte range must be exactly its shape's size.
 */
export function parseSafetensorsHeader(
  file: string,
  json: Uint8Array,
  fileSize: number,
): SafetensorsTensor[] {
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json));
  } catch (cause) {
    throw invalidModel(file, `the safetensors header is not valid UTF-8 JSON (${String(cause)}).`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) {
    throw invalidModel(file, 'the safetensors header is not a JSON object.');
  }
  const dataStart = 8 + json.length;
  const dataSize = fileSize - dataStart;
  const tensors: SafetensorsTensor[] = [];
  for (const [name, raw] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') continue;
    tensors.push(tensorOf(file, name, raw, dataStart, dataSize));
  }
  // Overlap check: sorted by start, each tensor must begin at or after the previous one's end.
  const sorted = [...tensors].sort((a, b) => a.start - b.start);
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1];
    if (sorted[i].start < prev.start + prev.byteLength) {
      throw invalidModel(file, `tensors ${prev.name} and ${sorted[i].name} overlap.`, {
        tensors: [prev.name, sorted[i].name],
      });
    }
  }
  return tensors;
}

function tensorOf(
  file: string,
  name: string,
  raw: unknown,
  dataStart: number,
  dataSize: number,
): SafetensorsTensor {
  const info = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const { dtype, shape, data_offsets: offsets } = info;
  if (typeof dtype !== 'string' || !Array.isArray(shape) || !Array.isArray(offsets) || offsets.length !== 2) {
    throw invalidModel(file, `tensor ${name} needs a dtype, a shape and two data_offsets.`, { tensor: name });
  }
  const elementBytes = ELEMENT_BYTES[dtype];
  if (elementBytes === undefined) {
    throw invalidModel(
      file,
      `tensor ${name} is ${dtype}; this backend reads F32, F16 and BF16 safetensors.`,
      {
        tensor: name,
        dtype,
        unsupported: 'dtype',
      },
    );
  }
  const [begin, end] = offsets as unknown[];
  if (
    typeof begin !== 'number' ||
    typeof end !== 'number' ||
    !Number.isSafeInteger(begin) ||
    !Number.isSafeInteger(end) ||
    begin < 0 ||
    end < begin
  ) {
    throw invalidModel(file, `tensor ${name} has invalid data_offsets ${JSON.stringify(offsets)}.`, {
      tensor: name,
    });
  }
  if (end > dataSize) {
    throw invalidModel(
      file,
      `tensor ${name} ends at data byte ${end}, past the ${dataSize}-byte data section (truncated or lying header).`,
      { tensor: name, end, dataSize },
    );
  }
  const byteLength = elementCountOf(file, name, shape) * elementBytes;
  if (byteLength !== end - begin) {
    throw invalidModel(
      file,
      `tensor ${name} has shape [${shape.join(', ')}] of ${dtype} (${byteLength} bytes) but ${end - begin} bytes of data.`,
      { tensor: name, byteLength, dataBytes: end - begin },
    );
  }
  return {
    name,
    dtype: dtype as SourceDType,
    shape: shape as number[],
    byteLength,
    start: dataStart + begin,
  };
}
