import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { createEmbeddedStore, openEmbeddedStore } from '../src/store/embedded-store.js';
import { createIndexedDbStorage } from '../src/store/indexeddb-storage.js';

// fake-indexeddb implements the IndexedDB spec in Node; no browser runs in CI here. The factory is injected,
// exactly as a worker would pass its own `indexedDB`.
describe('IndexedDB storage', () => {
  it('puts, gets and deletes bytes by key', async () => {
    const storage = createIndexedDbStorage({ indexedDB: new IDBFactory() });
    expect(await storage.get('k')).toBeUndefined();
    await storage.put('k', new Uint8Array([1, 2, 3]));
    // a view into a larger buffer stores only its own bytes
    await storage.put('v', new Uint8Array([9, 9, 4, 5, 9]).subarray(2, 4));
    expect(await storage.get('k')).toEqual(new Uint8Array([1, 2, 3]));
    expect(await storage.get('v')).toEqual(new Uint8Array([4, 5]));
    await storage.delete('k');
    expect(await storage.get('k')).toBeUndefined();
  });

  it('keeps an embedded store across "page loads"', async () => {
    const indexedDB = new IDBFactory();
    const store = await createEmbeddedStore({
      dimensions: 2,
      path: 'docs-index',
      storage: createIndexedDbStorage({ indexedDB }),
    });
    const text = 'Offline first';
    await store.upsert(
      [{ id: 'a#0', source: 'a', kind: 'text', hash: 'h', text, start: 0, end: 13, headings: [], tokens: 2 }],
      [new Float32Array([0.6, 0.8])],
    );
    await store.save();
    // A new storage object on the same database, as a reloaded page would make.
    const reopened = await openEmbeddedStore('docs-index', {
      storage: createIndexedDbStorage({ indexedDB }),
    });
    expect(await reopened.count()).toBe(1);
    expect((await reopened.searchText('offline', { limit: 1 }))[0].chunk.text).toBe(text);
  });
});
