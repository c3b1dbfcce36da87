import { resolve } from 'node:path';

/** Where `rag index` and `rag ask` keep the store without `--store`: under the current directory, like `.git`. */
export const DEFAULT_STORE_PATH = '.pocketlm/rag-store.plmrag';

/** The absolute store path for a `--store` flag (or the default). */
export function resolveStorePath(flag: string | undefined): string {
  return resolve(flag ?? DEFAULT_STORE_PATH);
}
