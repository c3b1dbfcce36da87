import { type ModelFiles, PocketLMError } from '@pocketlm/core';
import { committedName } from './opfs-names.js';

/** The committed files of one model key in OPFS, read as `File` objects (no local paths in a browser). */
export class OpfsModelFiles implements ModelFiles {
  constructor(
    readonly id: string,
    private readonly folder: () => Promise<FileSystemDirectoryHandle | undefined>,
  ) {}

  async has(name: string): Promise<boolean> {
    return (await this.file(name)) !== undefined;
  }

  async size(name: string): Promise<number | undefined> {
    return (await this.file(name))?.size;
  }

  async readText(name: string): Promise<string> {
    return (await this.require(name)).text();
  }

  async readBytes(name: string): Promise<Uint8Array> {
    return new Uint8Array(await (await this.require(name)).arrayBuffer());
  }

  /** Bytes `[start, end)` only, sliced from the stored `File` without reading the rest. */
  async readRange(name: string, start: number, end: number): Promise<Uint8Array> {
    const file = await this.require(name);
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || start > end || end > file.size) {
      throw new PocketLMError(
        'INVALID_OPTIONS',
        `Range [${start}, ${end}) is outside ${name} (${file.size} bytes).`,
        { details: { file: name, start, end, size: file.size } },
      );
    }
    return new Uint8Array(await file.slice(start, end).arrayBuffer());
  }

  private async file(name: string): Promise<File | undefined> {
    const folder = await this.folder();
    if (folder === undefined) return undefined;
    try {
      return await (await folder.getFileHandle(committedName(name))).getFile();
    } catch {
      return undefined;
    }
  }

  private async require(name: string): Promise<File> {
    const file = await this.file(name);
    if (file === undefined) {
      throw new PocketLMError('MODEL_NOT_FOUND', `${this.id} has no ${name} in the browser model store.`, {
        details: { model: this.id, file: name },
      });
    }
    return file;
  }
}
