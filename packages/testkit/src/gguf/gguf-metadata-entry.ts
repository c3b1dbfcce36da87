/** One GGUF metadata pair, with the GGUF type it is written as. */
export type GgufMetadataEntry =
  | { key: string; type: 'uint32' | 'int32' | 'float32' | 'uint64'; value: number }
  | { key: string; type: 'bool'; value: boolean }
  | { key: string; type: 'string'; value: string }
  | { key: string; type: 'array'; itemType: 'string'; value: readonly string[] }
  | { key: string; type: 'array'; itemType: 'int32' | 'uint32' | 'float32'; value: ArrayLike<number> };

/** ggml's `enum gguf_type` ids. */
const TYPE_ID = { uint32: 4, int32: 5, float32: 6, bool: 7, string: 8, array: 9, uint64: 10 } as const;

/** Appends little-endian GGUF encodings to a growing list of chunks. */
export class GgufEncoder {
  private readonly chunks: Uint8Array[] = [];
  private readonly utf8 = new TextEncoder();
  length = 0;

  bytes(chunk: Uint8Array): void {
    this.chunks.push(chunk);
    this.length += chunk.length;
  }

  private scalar(size: number, write: (view: DataView) => void): void {
    const chunk = new Uint8Array(size);
    write(new DataView(chunk.buffer));
    this.bytes(chunk);
  }

  u32(v: number): void {
    this.scalar(4, (d) => d.setUint32(0, v, true));
  }
  i32(v: number): void {
    this.scalar(4, (d) => d.setInt32(0, v, true));
  }
  f32(v: number): void {
    this.scalar(4, (d) => d.setFloat32(0, v, true));
  }
  u64(v: number | bigint): void {
    this.scalar(8, (d) => d.setBigUint64(0, BigInt(v), true));
  }
  bool(v: boolean): void {
    this.bytes(Uint8Array.of(v ? 1 : 0));
  }
  /** A GGUF string: uint64 byte length, then UTF-8 without a terminator. */
  string(v: string): void {
    const bytes = this.utf8.encode(v);
    this.u64(bytes.length);
    this.bytes(bytes);
  }

  /** One metadata pair: key, value type, value. */
  entry(entry: GgufMetadataEntry): void {
    this.string(entry.key);
    this.u32(TYPE_ID[entry.type]);
    if (entry.type === 'array') {
      this.u32(TYPE_ID[entry.itemType]);
      this.u64(entry.value.length);
      if (entry.itemType === 'string') {
        for (const item of entry.value) this.string(item);
      } else {
        const write = { int32: this.i32, uint32: this.u32, float32: this.f32 }[entry.itemType].bind(this);
        for (let i = 0; i < entry.value.length; i++) write(entry.value[i]);
      }
    } else if (entry.type === 'bool') {
      this.bool(entry.value);
    } else if (entry.type === 'string') {
      this.string(entry.value);
    } else {
      const write = { uint32: this.u32, int32: this.i32, float32: this.f32, uint64: this.u64 }[entry.type];
      write.call(this, entry.value);
    }
  }

  /** Everything appended so far, as one array. */
  concat(): Uint8Array {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, at);
      at += chunk.length;
    }
    return out;
  }
}
