import { open } from 'node:fs/promises';

/** One tensor to write: its name and shape; the data comes from a callback so only one tensor is in memory. */
export interface SafetensorsEntry {
  readonly name: string;
  readonly shape: readonly number[];
}

export interface WriteSafetensorsOptions {
  /** String metadata stored under `__metadata__` (Hugging Face writes `{ format: 'pt' }`). */
  metadata?: Record<string, string>;
  /** Called after each tensor is written. */
  onTensor?: (done: number, total: number) => void;
}

/**
 * Builds the safetensors header: 8-byte little-endian JSON length, then the JSON padded with spaces so the
 * data section starts 8-byte aligned (as the reference implementation does).
 */
export function buildSafetensorsHeader(
  entries: readonly SafetensorsEntry[],
  metadata: Record<string, string> | undefined,
): { header: Buffer; dataBytes: number } {
  const json: Record<string, unknown> = {};
  if (metadata) json.__metadata__ = metadata;
  let offset = 0;
  for (const e of entries) {
    const bytes = e.shape.reduce((a, b) => a * b, 1) * 4;
    json[e.name] = { dtype: 'F32', shape: [...e.shape], data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  let text = JSON.stringify(json);
  text += ' '.repeat((8 - (Buffer.byteLength(text) % 8)) % 8);
  const body = Buffer.from(text, 'utf8');
  const header = Buffer.alloc(8 + body.length);
  header.writeBigUInt64LE(BigInt(body.length), 0);
  body.copy(header, 8);
  return { header, dataBytes: offset };
}

/**
 * Writes float32 tensors to a `.safetensors` file, streaming: `data(entry)` is called once per tensor in order
 * and its bytes go straight to disk, so a 135M-parameter model never sits in one buffer.
 */
export async function writeSafetensors(
  path: string,
  entries: readonly SafetensorsEntry[],
  data: (entry: SafetensorsEntry, index: number) => Float32Array,
  options: WriteSafetensorsOptions = {},
): Promise<void> {
  const { header } = buildSafetensorsHeader(entries, options.metadata);
  const file = await open(path, 'w');
  try {
    await file.write(header);
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i];
      const values = data(entry, i);
      const expected = entry.shape.reduce((a, b) => a * b, 1);
      if (values.length !== expected) {
        throw new Error(
          `safetensors: tensor ${entry.name} has ${values.length} values, shape needs ${expected}.`,
        );
      }
      // Float32Array memory is little-endian on every platform Node supports, which is what safetensors wants.
      await file.write(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
      options.onTensor?.(i + 1, entries.length);
    }
  } finally {
    await file.close();
  }
}
