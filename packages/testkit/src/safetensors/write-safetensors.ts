import { type FileHandle, open } from 'node:fs/promises';

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

/** Streams float32 tensors into a `.safetensors` file, one `write` per header entry, in order. */
export class SafetensorsWriter {
  private next = 0;

  private constructor(
    private readonly file: FileHandle,
    private readonly entries: readonly SafetensorsEntry[],
  ) {}

  /** Creates the file and writes its header. */
  static async open(
    path: string,
    entries: readonly SafetensorsEntry[],
    metadata?: Record<string, string>,
  ): Promise<SafetensorsWriter> {
    const { header } = buildSafetensorsHeader(entries, metadata);
    const file = await open(path, 'w');
    try {
      await file.write(header);
    } catch (error) {
      await file.close();
      throw error;
    }
    return new SafetensorsWriter(file, entries);
  }

  /** Writes the values of the next tensor. */
  async write(values: Float32Array): Promise<void> {
    const entry = this.entries[this.next];
    if (!entry) throw new Error('safetensors: every tensor is already written.');
    const expected = entry.shape.reduce((a, b) => a * b, 1);
    if (values.length !== expected) {
      throw new Error(
        `safetensors: tensor ${entry.name} has ${values.length} values, shape needs ${expected}.`,
      );
    }
    // Float32Array memory is little-endian on every platform Node supports, which is what safetensors wants.
    await this.file.write(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
    this.next += 1;
  }

  /** Closes the file; throws if tensors are missing (the file would be truncated). */
  async close(): Promise<void> {
    await this.file.close();
    if (this.next !== this.entries.length) {
      throw new Error(`safetensors: closed after ${this.next} of ${this.entries.length} tensors.`);
    }
  }

  /** Closes the file after a failure, without the completeness check. */
  async abort(): Promise<void> {
    await this.file.close();
  }
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
  const writer = await SafetensorsWriter.open(path, entries, options.metadata);
  try {
    for (let i = 0; i < entries.length; i++) {
      await writer.write(data(entries[i], i));
      options.onTensor?.(i + 1, entries.length);
    }
  } catch (error) {
    await writer.abort();
    throw error;
  }
  await writer.close();
}
