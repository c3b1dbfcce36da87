/**
 * The OPFS surface the store uses. `FileSystemSyncAccessHandle` exists only in dedicated workers and is missing
 * from TypeScript's DOM lib, so it is declared here.
 */
export interface SyncAccessHandle {
  getSize(): number;
  write(buffer: ArrayBufferView, options?: { at?: number }): number;
  read(buffer: ArrayBufferView, options?: { at?: number }): number;
  truncate(size: number): void;
  flush(): void;
  close(): void;
}

export type FileHandleWithSync = FileSystemFileHandle & {
  createSyncAccessHandle?: () => Promise<SyncAccessHandle>;
  move?: (newName: string) => Promise<void>;
};

/** `navigator.storage` as far as the store uses it. */
export interface StorageManagerLike {
  getDirectory(): Promise<FileSystemDirectoryHandle>;
  estimate?(): Promise<{ usage?: number; quota?: number }>;
}
