import { statSync } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type ModelFiles, PocketLMError } from '@pocketlm/core';
import { fileSegments } from './store-paths.js';

/** Model files read straight from a directory on disk, e.g. a local Hugging Face checkout or a store folder. */
export class LocalDirectoryFiles implements ModelFiles {
  /** Absolute path of the directory. */
  readonly directory: string;
  readonly id: string;

  /** @param options.id identity to report instead of the directory path (a store passes the model's own id). */
  constructor(directory: string, options: { id?: string } = {}) {
    this.directory = resolve(directory);
    this.id = options.id ?? this.directory;
  }

  async has(name: string): Promise<boolean> {
    return (await this.statFile(name)) !== undefined;
  }

  async readText(name: string): Promise<string> {
    return new TextDecoder().decode(await this.readBytes(name));
  }

  async readBytes(name: string): Promise<Uint8Array> {
    try {
      const buffer = await readFile(this.pathOf(name));
      // A plain Uint8Array over the same memory: consumers comparing or structured-cloning expect no Buffer.
      return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    } catch (error) {
      if (isMissing(error) || hasCode(error, 'EISDIR')) throw this.notFound(name, error);
      throw error;
    }
  }

  /** Bytes `[start, end)` of a file, read with one positioned read so large weight files stream. */
  async readRange(name: string, start: number, end: number): Promise<Uint8Array> {
    if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end < start) {
      throw new PocketLMError('INVALID_OPTIONS', `Invalid byte range [${start}, ${end}) of ${name}.`, {
        details: { file: name, start, end },
      });
    }
    let handle: Awaited<ReturnType<typeof open>>;
    try {
      handle = await open(this.pathOf(name), 'r');
    } catch (error) {
      if (isMissing(error) || hasCode(error, 'EISDIR')) throw this.notFound(name, error);
      throw error;
    }
    try {
      const info = await handle.stat();
      // Opening a directory for reading succeeds on Linux; only the read would fail.
      if (!info.isFile()) throw this.notFound(name, undefined);
      const size = info.size;
      if (end > size) {
        throw new PocketLMError(
          'INVALID_OPTIONS',
          `Byte range [${start}, ${end}) is outside ${name} (${size} bytes).`,
          { details: { file: name, start, end, size } },
        );
      }
      const out = new Uint8Array(end - start);
      let done = 0;
      // A positioned read may return fewer bytes than asked; loop until the range is full.
      while (done < out.length) {
        const { bytesRead } = await handle.read(out, done, out.length - done, start + done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
      if (done < out.length) {
        throw new PocketLMError(
          'INVALID_MODEL',
          `${name} ended at ${start + done} while reading to ${end}.`,
          {
            details: { file: name, start, end },
          },
        );
      }
      return out;
    } finally {
      await handle.close();
    }
  }

  async size(name: string): Promise<number | undefined> {
    return (await this.statFile(name))?.size;
  }

  localPath(name: string): string | undefined {
    const path = this.pathOf(name);
    try {
      return statSync(path).isFile() ? path : undefined;
    } catch {
      return undefined;
    }
  }

  private pathOf(name: string): string {
    return join(this.directory, ...fileSegments(name));
  }

  private async statFile(name: string) {
    try {
      const info = await stat(this.pathOf(name));
      return info.isFile() ? info : undefined;
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  private notFound(name: string, cause: unknown): PocketLMError {
    return new PocketLMError('MODEL_NOT_FOUND', `Model file ${name} does not exist in ${this.directory}.`, {
      cause,
      details: { file: name, directory: this.directory },
    });
  }
}

/** True for the errors that mean "nothing is there" (including a file standing where a folder was expected). */
export function isMissing(error: unknown): boolean {
  return hasCode(error, 'ENOENT') || hasCode(error, 'ENOTDIR');
}

function hasCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}
