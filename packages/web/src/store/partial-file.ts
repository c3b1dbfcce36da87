import type { FileHandleWithSync, SyncAccessHandle } from './opfs-types.js';

/**
 * Appends to one partial download in OPFS. In a dedicated worker it keeps a `FileSystemSyncAccessHandle` open and
 * writes in place (fast, and what a resumable download needs: appending, not rewriting). Elsewhere (a page) it
 * falls back to `createWritable({ keepExistingData: true })`, which copies the file on every close: correct, but
 * slow for large files, which is one more reason to run the engine in a worker.
 */
export class PartialFile {
  private sync: SyncAccessHandle | undefined;
  private syncUnavailable = false;

  constructor(readonly handle: FileHandleWithSync) {}

  async size(): Promise<number> {
    if (this.sync) return this.sync.getSize();
    return (await this.handle.getFile()).size;
  }

  async append(chunk: Uint8Array): Promise<void> {
    const sync = await this.openSync();
    if (sync) {
      let at = sync.getSize();
      let view = chunk;
      // write() may take fewer bytes than given; loop until the chunk is in.
      while (view.byteLength > 0) {
        const written = sync.write(view, { at });
        at += written;
        view = view.subarray(written);
      }
      return;
    }
    const size = (await this.handle.getFile()).size;
    const writable = await this.handle.createWritable({ keepExistingData: true });
    try {
      await writable.seek(size);
      await writable.write(chunk as Uint8Array<ArrayBuffer>);
      await writable.close();
    } catch (error) {
      await writable.abort().catch(() => {});
      throw error;
    }
  }

  /** Flushes and releases the lock, so the file can be read, moved or removed. */
  close(): void {
    if (!this.sync) return;
    this.sync.flush();
    this.sync.close();
    this.sync = undefined;
  }

  private async openSync(): Promise<SyncAccessHandle | undefined> {
    if (this.sync || this.syncUnavailable) return this.sync;
    if (typeof this.handle.createSyncAccessHandle !== 'function') {
      this.syncUnavailable = true;
      return undefined;
    }
    try {
      this.sync = await this.handle.createSyncAccessHandle();
    } catch {
      // Pages (not dedicated workers) expose the method but refuse it.
      this.syncUnavailable = true;
    }
    return this.sync;
  }
}
