import { type ModelFiles, PocketLMError, throwIfAborted } from '@pocketlm/core';
import { truncated } from './invalid-model.js';

/**
 * Bounded random access to one model file. Every read is checked against the file size before it happens, so a
 * lying header can never make a reader touch bytes outside the file.
 */
export class FileBytes {
  private closed = false;

  private constructor(
    private readonly files: ModelFiles,
    /** File name, relative to the model directory. */
    readonly name: string,
    /** Byte size of the file. */
    readonly size: number,
    /** The whole file, when `files` cannot read ranges. */
    private whole: Uint8Array | undefined,
  ) {}

  /**
   * Opens `name` in `files`. Ranges come from `files.readRange` when the files support it (streaming); otherwise
   * the whole file is read once with `readBytes` and ranges are views into it.
   */
  static async open(files: ModelFiles, name: string): Promise<FileBytes> {
    const size = await files.size(name);
    if (size === undefined) {
      throw new PocketLMError('MODEL_NOT_FOUND', `Weight file ${name} does not exist in ${files.id}.`, {
        details: { file: name, model: files.id },
      });
    }
    if (files.readRange) return new FileBytes(files, name, size, undefined);
    // Bounds are checked against the bytes actually read, whatever size() said.
    const whole = await files.readBytes(name);
    return new FileBytes(files, name, whole.length, whole);
  }

  /** Bytes `[start, end)`; `INVALID_MODEL` naming `expected` when the file is shorter than `end`. */
  async read(start: number, end: number, expected: string, signal?: AbortSignal): Promise<Uint8Array> {
    if (this.closed) throw new PocketLMError('DISPOSED', `${this.name} is closed.`);
    throwIfAborted(signal);
    if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end < start) {
      throw truncated(this.name, expected, end, this.size);
    }
    if (end > this.size) throw truncated(this.name, expected, end, this.size);
    if (this.whole) return this.whole.subarray(start, end);
    const readRange = this.files.readRange as NonNullable<ModelFiles['readRange']>;
    const bytes = await readRange.call(this.files, this.name, start, end);
    throwIfAborted(signal);
    if (bytes.length !== end - start) throw truncated(this.name, expected, end, start + bytes.length);
    return bytes;
  }

  /** Drops the whole-file buffer, if any; later reads reject with `DISPOSED`. */
  close(): void {
    this.closed = true;
    this.whole = undefined;
  }
}
