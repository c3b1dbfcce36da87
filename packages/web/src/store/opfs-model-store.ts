import { type ModelFiles, type ModelStore, PocketLMError } from '@pocketlm/core';
import { sha256OfBlob } from './hash-file.js';
import { OpfsModelFiles } from './opfs-model-files.js';
import { committedName, hashName, keyFolder, keyFromFolder, partialName, STORE_ROOT } from './opfs-names.js';
import type { FileHandleWithSync, StorageManagerLike } from './opfs-types.js';
import { PartialFile } from './partial-file.js';
import { freeBytes, quotaExceeded, type StorageEstimateLike } from './storage-quota.js';

/** Options of {@link OpfsModelStore}. */
export interface OpfsModelStoreOptions {
  /** The storage manager; default `navigator.storage`. */
  storage?: StorageManagerLike;
  /** Folder in the origin private file system; default `pocketlm-models`. */
  root?: string;
  /** How much room is left; default `storage.estimate()`. Pass one to enforce a smaller budget of your own. */
  estimate?: () => Promise<StorageEstimateLike>;
  /**
   * `hash` (default): the first time a stored file is used, its SHA-256 is checked against the one recorded when
   * it was committed, and a corrupt file is dropped so it is downloaded again. `none` trusts the stored bytes.
   */
  verify?: 'hash' | 'none';
}

/**
 * A `ModelStore` in the browser's origin private file system (OPFS). OPFS, not the Cache API, because a resumable
 * download appends to a partial file, and a Cache API entry can only be replaced whole. Each committed file keeps
 * the SHA-256 it had when committed, so a file corrupted later is noticed and fetched again. Writes are checked
 * against `navigator.storage.estimate()`: a download that would not fit fails with `STORAGE_QUOTA_EXCEEDED` and
 * leaves nothing half-written.
 */
export class OpfsModelStore implements ModelStore {
  private readonly storage: StorageManagerLike | undefined;
  private readonly rootName: string;
  private readonly estimate: (() => Promise<StorageEstimateLike>) | undefined;
  private readonly verify: 'hash' | 'none';
  private readonly partials = new Map<string, PartialFile>();
  /** Bytes each partial may still grow by, from the estimate taken at its first append. */
  private readonly budgets = new Map<string, number>();
  /** The hash of a partial as last computed, so `commit` does not hash the file a second time. */
  private readonly partialHashes = new Map<string, { size: number; sha256: string }>();
  /** Committed files whose hash was checked by this instance. */
  private readonly verified = new Set<string>();

  constructor(options: OpfsModelStoreOptions = {}) {
    this.storage =
      options.storage ?? (globalThis as { navigator?: { storage?: StorageManagerLike } }).navigator?.storage;
    this.rootName = options.root ?? STORE_ROOT;
    const storage = this.storage;
    this.estimate =
      options.estimate ?? (storage?.estimate ? () => storage.estimate?.() ?? Promise.resolve({}) : undefined);
    this.verify = options.verify ?? 'hash';
  }

  /** A browser has no local model folders: every source goes through the downloader. */
  async openLocal(): Promise<ModelFiles | undefined> {
    return undefined;
  }

  files(key: string): ModelFiles {
    return new OpfsModelFiles(`opfs:${key}`, () => this.folder(key, false));
  }

  async has(key: string, file: string): Promise<boolean> {
    const folder = await this.folder(key, false);
    const stored = folder && (await fileOf(folder, committedName(file)));
    const hash = folder && (await fileOf(folder, hashName(file)));
    if (!folder || !stored || !hash) return false;
    const id = `${key}\n${file}`;
    if (this.verify === 'none' || this.verified.has(id)) return true;
    if ((await sha256OfBlob(stored)) === (await hash.text()).trim()) {
      this.verified.add(id);
      return true;
    }
    // Corrupt since it was committed: drop it so the downloader fetches and verifies it again.
    await removeEntry(folder, committedName(file));
    await removeEntry(folder, hashName(file));
    return false;
  }

  async partialSize(key: string, file: string): Promise<number> {
    const open = this.partials.get(`${key}\n${file}`);
    if (open) return open.size();
    const folder = await this.folder(key, false);
    return (folder && (await fileOf(folder, partialName(file))))?.size ?? 0;
  }

  async appendPartial(key: string, file: string, chunk: Uint8Array): Promise<void> {
    const id = `${key}\n${file}`;
    await this.checkRoom(id, key, file, chunk.byteLength);
    const partial = await this.partial(key, file);
    await partial.append(chunk);
    this.partialHashes.delete(id);
  }

  async discardPartial(key: string, file: string): Promise<void> {
    const id = `${key}\n${file}`;
    this.closePartial(id);
    this.budgets.delete(id);
    this.partialHashes.delete(id);
    const folder = await this.folder(key, false);
    if (folder) await removeEntry(folder, partialName(file));
  }

  async partialSha256(key: string, file: string): Promise<string> {
    const id = `${key}\n${file}`;
    this.closePartial(id);
    const folder = await this.folder(key, false);
    const partial = folder && (await fileOf(folder, partialName(file)));
    if (!partial) throw new PocketLMError('DOWNLOAD_FAILED', `No partial download of ${file} to hash.`);
    const sha256 = await sha256OfBlob(partial);
    this.partialHashes.set(id, { size: partial.size, sha256 });
    return sha256;
  }

  async commit(key: string, file: string): Promise<void> {
    const id = `${key}\n${file}`;
    this.closePartial(id);
    this.budgets.delete(id);
    const folder = await this.folder(key, true);
    const partial = await fileOf(folder, partialName(file));
    if (!partial) throw new PocketLMError('DOWNLOAD_FAILED', `No partial download of ${file} to commit.`);
    const known = this.partialHashes.get(id);
    const sha256 = known?.size === partial.size ? known.sha256 : await sha256OfBlob(partial);
    this.partialHashes.delete(id);
    // The hash first, then the rename: a crash in between leaves the partial (resumable) and no committed file.
    await writeText(folder, hashName(file), sha256);
    await removeEntry(folder, committedName(file));
    const handle = (await folder.getFileHandle(partialName(file))) as FileHandleWithSync;
    if (typeof handle.move === 'function') {
      await handle.move(committedName(file));
    } else {
      // Browsers without FileSystemHandle.move: copy, then drop the partial.
      await writeBlob(folder, committedName(file), partial);
      await removeEntry(folder, partialName(file));
    }
    this.verified.add(id);
  }

  async list(): Promise<string[]> {
    const root = await this.root();
    const keys: string[] = [];
    for await (const [name, handle] of entriesOf(root)) {
      if (handle.kind !== 'directory') continue;
      // Only models with at least one complete file: a lone partial is not a stored model yet.
      for await (const [entry] of entriesOf(handle as FileSystemDirectoryHandle)) {
        if (entry.startsWith('f~')) {
          keys.push(keyFromFolder(name));
          break;
        }
      }
    }
    return keys.sort();
  }

  async delete(key: string): Promise<void> {
    for (const id of [...this.partials.keys()]) if (id.startsWith(`${key}\n`)) this.closePartial(id);
    for (const id of [...this.verified]) if (id.startsWith(`${key}\n`)) this.verified.delete(id);
    await removeEntry(await this.root(), keyFolder(key), true);
  }

  /** Deletes every stored model and partial download. */
  async clear(): Promise<void> {
    for (const id of [...this.partials.keys()]) this.closePartial(id);
    this.verified.clear();
    this.budgets.clear();
    const root = await this.root();
    const names: string[] = [];
    for await (const [name] of entriesOf(root)) names.push(name);
    for (const name of names) await removeEntry(root, name, true);
  }

  /**
   * Throws `STORAGE_QUOTA_EXCEEDED` when `bytes` more would not fit, before anything is written. Used by the web
   * engine to check a download's announced size before streaming it.
   */
  async ensureRoom(file: string, bytes: number): Promise<void> {
    const free = await freeBytes(this.estimate);
    if (free !== undefined && bytes > free) throw quotaExceeded(file, bytes, free);
  }

  private async checkRoom(id: string, key: string, file: string, bytes: number): Promise<void> {
    let budget = this.budgets.get(id);
    if (budget === undefined) {
      budget = (await freeBytes(this.estimate)) ?? Number.POSITIVE_INFINITY;
    }
    if (bytes > budget) {
      await this.discardPartial(key, file);
      throw quotaExceeded(file, bytes, budget);
    }
    this.budgets.set(id, budget - bytes);
  }

  private async partial(key: string, file: string): Promise<PartialFile> {
    const id = `${key}\n${file}`;
    let partial = this.partials.get(id);
    if (!partial) {
      const folder = await this.folder(key, true);
      partial = new PartialFile(await folder.getFileHandle(partialName(file), { create: true }));
      this.partials.set(id, partial);
    }
    return partial;
  }

  private closePartial(id: string): void {
    this.partials.get(id)?.close();
    this.partials.delete(id);
  }

  private async root(): Promise<FileSystemDirectoryHandle> {
    if (!this.storage?.getDirectory) {
      throw new PocketLMError(
        'BACKEND_UNAVAILABLE',
        'This environment has no origin private file system (navigator.storage.getDirectory); pass another store.',
      );
    }
    const top = await this.storage.getDirectory();
    return top.getDirectoryHandle(this.rootName, { create: true });
  }

  private folder(key: string, create: true): Promise<FileSystemDirectoryHandle>;
  private folder(key: string, create: false): Promise<FileSystemDirectoryHandle | undefined>;
  private async folder(key: string, create: boolean): Promise<FileSystemDirectoryHandle | undefined> {
    const root = await this.root();
    try {
      return await root.getDirectoryHandle(keyFolder(key), { create });
    } catch (error) {
      if (create) throw error;
      return undefined;
    }
  }
}

async function fileOf(folder: FileSystemDirectoryHandle, name: string): Promise<File | undefined> {
  try {
    return await (await folder.getFileHandle(name)).getFile();
  } catch {
    return undefined;
  }
}

async function removeEntry(
  folder: FileSystemDirectoryHandle,
  name: string,
  recursive = false,
): Promise<void> {
  try {
    await folder.removeEntry(name, { recursive });
  } catch (error) {
    // Already gone is what we wanted.
    if ((error as { name?: string }).name !== 'NotFoundError') throw error;
  }
}

async function writeText(folder: FileSystemDirectoryHandle, name: string, text: string): Promise<void> {
  await writeBlob(folder, name, new Blob([text]));
}

async function writeBlob(folder: FileSystemDirectoryHandle, name: string, blob: Blob): Promise<void> {
  const writable = await (await folder.getFileHandle(name, { create: true })).createWritable();
  await writable.write(blob);
  await writable.close();
}

/** `entries()` of a directory handle (missing from TypeScript's DOM lib typings). */
function entriesOf(folder: FileSystemDirectoryHandle): AsyncIterable<[string, FileSystemHandle]> {
  return (folder as unknown as { entries(): AsyncIterable<[string, FileSystemHandle]> }).entries();
}
