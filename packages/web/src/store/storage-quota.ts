import { PocketLMError } from '@pocketlm/core';

/** `navigator.storage.estimate()`'s answer, as far as the quota check needs it. */
export interface StorageEstimateLike {
  usage?: number;
  quota?: number;
}

/** Bytes the browser still lets this origin store, or undefined when it does not say. */
export async function freeBytes(
  estimate: (() => Promise<StorageEstimateLike>) | undefined,
): Promise<number | undefined> {
  if (estimate === undefined) return undefined;
  const { usage, quota } = await estimate();
  if (typeof quota !== 'number' || !Number.isFinite(quota)) return undefined;
  return Math.max(0, quota - (typeof usage === 'number' ? usage : 0));
}

/** The error for a write that would not fit; `details` carries the numbers for UIs. */
export function quotaExceeded(file: string, needed: number, free: number): PocketLMError {
  const mb = (n: number) => `${(n / 2 ** 20).toFixed(1)} MiB`;
  return new PocketLMError(
    'STORAGE_QUOTA_EXCEEDED',
    `Not enough browser storage for ${file}: it needs ${mb(needed)} more, but only ${mb(free)} is free. ` +
      'Delete stored models (store.delete / store.clear) or free space in the browser.',
    { details: { file, needed, free } },
  );
}
