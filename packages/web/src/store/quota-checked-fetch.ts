/** A store that can say, before a download starts, whether its bytes will fit. */
export interface RoomCheckingStore {
  ensureRoom(file: string, bytes: number): Promise<void>;
}

/** True for a store with `ensureRoom` (the OPFS store has it; other `ModelStore`s may not). */
export function checksRoom(store: unknown): store is RoomCheckingStore {
  return typeof (store as Partial<RoomCheckingStore> | null)?.ensureRoom === 'function';
}

/**
 * Wraps `fetch` so a response whose body would not fit in the store fails before a byte of it is read: the body
 * is cancelled and `ensureRoom`'s `STORAGE_QUOTA_EXCEEDED` is thrown. Only successful (200/206) responses with a
 * `Content-Length` are checked; the store's own check on every append covers the rest.
 */
export function quotaCheckedFetch(fetchFn: typeof fetch, store: RoomCheckingStore): typeof fetch {
  return async (input, init) => {
    const response = await fetchFn(input, init);
    const length = Number(response.headers.get('content-length') ?? Number.NaN);
    if ((response.status === 200 || response.status === 206) && Number.isFinite(length) && length > 0) {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      try {
        await store.ensureRoom(decodeURIComponent(new URL(url).pathname.split('/').pop() ?? url), length);
      } catch (error) {
        await response.body?.cancel().catch(() => {});
        throw error;
      }
    }
    return response;
  };
}
