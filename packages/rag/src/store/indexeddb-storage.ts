import type { StoreStorage } from './store-storage.js';

/** Options for {@link createIndexedDbStorage}. */
export interface IndexedDbStorageOptions {
  /** Database name; default `pocketlm-rag`. */
  databaseName?: string;
  /** Object store inside it; default `stores`. */
  objectStoreName?: string;
  /** The IndexedDB factory; default `globalThis.indexedDB` (injectable for workers or a test double). */
  indexedDB?: IDBFactory;
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

/**
 * Browser storage for the embedded store. One `put` is one IndexedDB transaction, so a tab closed mid-save keeps
 * the previous bytes: the same guarantee the Node file gets from write-then-rename.
 */
export function createIndexedDbStorage(options: IndexedDbStorageOptions = {}): StoreStorage {
  const databaseName = options.databaseName ?? 'pocketlm-rag';
  const storeName = options.objectStoreName ?? 'stores';
  let database: Promise<IDBDatabase> | undefined;

  function open(): Promise<IDBDatabase> {
    database ??= (async () => {
      const factory = options.indexedDB ?? globalThis.indexedDB;
      if (!factory)
        throw new Error('IndexedDB is not available here; pass `indexedDB` or use a file path in Node.');
      const req = factory.open(databaseName, 1);
      req.onupgradeneeded = () => {
        if (!req.result.objectStoreNames.contains(storeName)) req.result.createObjectStore(storeName);
      };
      return request(req);
    })();
    return database;
  }

  async function run(mode: IDBTransactionMode, act: (store: IDBObjectStore) => IDBRequest): Promise<unknown> {
    const tx = (await open()).transaction(storeName, mode);
    const result = request(act(tx.objectStore(storeName)));
    await done(tx);
    return result;
  }

  return {
    async get(key) {
      const value = await run('readonly', (s) => s.get(key));
      if (value === undefined) return undefined;
      if (value instanceof Uint8Array) return value;
      if (value instanceof ArrayBuffer) return new Uint8Array(value);
      throw new Error(`IndexedDB entry "${key}" is not a byte array.`);
    },
    async put(key, bytes) {
      // Store a tight ArrayBuffer: a view over a larger buffer would clone the whole buffer.
      const tight =
        bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
          ? bytes.buffer
          : bytes.slice().buffer;
      await run('readwrite', (s) => s.put(tight, key));
    },
    async delete(key) {
      await run('readwrite', (s) => s.delete(key));
    },
  };
}
