import { invalidModel, truncated } from '../invalid-model.js';

/** Thrown (and caught by the header reader) when the parse needs more of the file than was read so far. */
export class NeedMoreBytes {
  constructor(readonly needed: number) {}
}

/**
 * A little-endian reader over the first `bytes.length` bytes of a file of `fileSize` bytes. A read past the end
 * of the file is `INVALID_MODEL` (truncated); a read past the prefix but inside the file throws
 * {@link NeedMoreBytes} so the caller can read a longer prefix and parse again.
 */
export class GgufCursor {
  pos = 0;
  private readonly view: DataView;
  private readonly utf8 = new TextDecoder('utf-8', { fatal: true });

  constructor(
    readonly file: string,
    private readonly bytes: Uint8Array,
    readonly fileSize: number,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Bytes of the file after the cursor. */
  get remaining(): number {
    return this.fileSize - this.pos;
  }

  /** Moves past `n` bytes after checking they exist; returns where they start. */
  take(n: number, what: string): number {
    const end = this.pos + n;
    if (end > this.fileSize) throw truncated(this.file, what, end, this.fileSize);
    if (end > this.bytes.length) throw new NeedMoreBytes(end);
    const at = this.pos;
    this.pos = end;
    return at;
  }

  u8(what: string): number {
    return this.view.getUint8(this.take(1, what));
  }
  i8(what: string): number {
    return this.view.getInt8(this.take(1, what));
  }
  u16(what: string): number {
    return this.view.getUint16(this.take(2, what), true);
  }
  i16(what: string): number {
    return this.view.getInt16(this.take(2, what), true);
  }
  u32(what: string): number {
    return this.view.getUint32(this.take(4, what), true);
  }
  i32(what: string): number {
    return this.view.getInt32(this.take(4, what), true);
  }
  f32(what: string): number {
    return this.view.getFloat32(this.take(4, what), true);
  }
  f64(what: string): number {
    return this.view.getFloat64(this.take(8, what), true);
  }
  u64(what: string): bigint {
    return this.view.getBigUint64(this.take(8, what), true);
  }
  i64(what: string): bigint {
    return this.view.getBigInt64(this.take(8, what), true);
  }

  /** A uint64 that must fit the rest of the file when multiplied by `unitBytes` (a count or a length). */
  count(what: string, unitBytes: number): number {
    const n = this.u64(what);
    if (n * BigInt(unitBytes) > BigInt(this.remaining)) {
      // Refused before anything is allocated: a count the file cannot hold is a lie or a truncation.
      throw truncated(
        this.file,
        `${n} × ${unitBytes} bytes for ${what}`,
        this.pos + Number(n) * unitBytes,
        this.fileSize,
      );
    }
    return Number(n);
  }

  /** A copy of prefix bytes `[start, end)` already passed by `take`. */
  slice(start: number, end: number): Uint8Array {
    return this.bytes.slice(start, end);
  }

  /** A GGUF string: uint64 byte length, then UTF-8 without a terminator. */
  string(what: string): string {
    const length = this.count(`the length of ${what}`, 1);
    const at = this.take(length, what);
    try {
      return this.utf8.decode(this.bytes.subarray(at, at + length));
    } catch {
      throw invalidModel(this.file, `${what} at byte ${at} is not valid UTF-8.`);
    }
  }
}
