import { readFile } from 'node:fs/promises';

/** Header entry of one tensor in a safetensors file. */
export interface SafetensorsTensorInfo {
  readonly dtype: string;
  readonly shape: number[];
  /** Byte range relative to the start of the data section. */
  readonly dataOffsets: [number, number];
}

/** A parsed safetensors file: its header and float32 views of its tensors. */
export interface SafetensorsFile {
  readonly metadata: Record<string, string> | undefined;
  readonly tensors: ReadonlyMap<string, SafetensorsTensorInfo>;
  /** Byte length of the JSON header (without the 8-byte length prefix). */
  readonly headerLength: number;
  /** The float32 values of a tensor (F32 only). Throws for unknown names. */
  getFloat32(name: string): Float32Array;
}

/** Parses safetensors bytes, validating the header against the data section. F32 data only. */
export function parseSafetensors(bytes: Uint8Array): SafetensorsFile {
  if (bytes.byteLength < 8) throw new Error('safetensors: file shorter than its 8-byte header length.');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = Number(view.getBigUint64(0, true));
  if (8 + headerLength > bytes.byteLength)
    throw new Error('safetensors: header length exceeds the file size.');
  const json = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength))) as Record<
    string,
    unknown
  >;
  const dataStart = 8 + headerLength;
  const dataLength = bytes.byteLength - dataStart;
  const tensors = new Map<string, SafetensorsTensorInfo>();
  let metadata: Record<string, string> | undefined;
  for (const [name, value] of Object.entries(json)) {
    if (name === '__metadata__') {
      metadata = value as Record<string, string>;
      continue;
    }
    const v = value as { dtype: string; shape: number[]; data_offsets: [number, number] };
    const [begin, end] = v.data_offsets;
    if (!(begin >= 0 && end >= begin && end <= dataLength)) {
      throw new Error(`safetensors: tensor ${name} has data_offsets outside the data section.`);
    }
    tensors.set(name, { dtype: v.dtype, shape: v.shape, dataOffsets: [begin, end] });
  }
  return {
    metadata,
    tensors,
    headerLength,
    getFloat32(name: string): Float32Array {
      const info = tensors.get(name);
      if (!info) throw new Error(`safetensors: no tensor named ${name}.`);
      if (info.dtype !== 'F32')
        throw new Error(`safetensors: tensor ${name} is ${info.dtype}, only F32 is read.`);
      const [begin, end] = info.dataOffsets;
      // Copy so the result is aligned whatever the header length is.
      const slice = bytes.slice(dataStart + begin, dataStart + end);
      return new Float32Array(slice.buffer, slice.byteOffset, (end - begin) / 4);
    },
  };
}

/** Reads and parses a `.safetensors` file from disk. */
export async function readSafetensors(path: string): Promise<SafetensorsFile> {
  return parseSafetensors(await readFile(path));
}
