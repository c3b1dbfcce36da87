/**
 * Byte storage the embedded store saves into: a file in Node, IndexedDB in the browser, or anything else that can
 * keep a blob under a key. Injected rather than sniffed, so the store has no `if (isNode)` branch.
 */
export interface StoreStorage {
  /** The bytes under `key`, or `undefined` when nothing was saved there. */
  get(key: string): Promise<Uint8Array | undefined>;
  /** Replaces the bytes under `key` all at once: a reader sees the old bytes or the new ones, never a mix. */
  put(key: string, bytes: Uint8Array): Promise<void>;
  delete(key: string): Promise<void>;
}
