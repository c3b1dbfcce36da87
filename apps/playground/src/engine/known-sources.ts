import { parseModelSource } from '@pocketlm/core';

const STORAGE_KEY = 'pocketlm-playground:sources';

/**
 * The model store lists cache keys (`url/127.0.0.1_8080/models/tiny`), which are not something a person types.
 * The page remembers which source it loaded for each key, so the cached list can show and reload the real thing.
 */
export class KnownSources {
  readonly #storage: Storage | undefined;

  constructor(storage: Storage | undefined = globalThis.localStorage) {
    this.#storage = storage;
  }

  remember(source: string): void {
    const key = cacheKeyOf(source);
    if (key === undefined) return;
    this.#write({ ...this.#read(), [key]: source });
  }

  /** The source loaded under `key`, if this page loaded it. */
  sourceOf(key: string): string | undefined {
    return this.#read()[key];
  }

  #read(): Record<string, string> {
    try {
      const value: unknown = JSON.parse(this.#storage?.getItem(STORAGE_KEY) ?? '{}');
      return typeof value === 'object' && value !== null ? (value as Record<string, string>) : {};
    } catch {
      return {};
    }
  }

  #write(map: Record<string, string>): void {
    try {
      this.#storage?.setItem(STORAGE_KEY, JSON.stringify(map));
    } catch {
      // Storage full or disabled (private mode): the list then shows cache keys, which still work for delete.
    }
  }
}

/** The store key the SDK files `source` under, or undefined for something that is not a URL or hub id. */
function cacheKeyOf(source: string): string | undefined {
  try {
    const parsed = parseModelSource(source);
    return parsed.kind === 'path' ? undefined : parsed.cacheKey;
  } catch {
    return undefined;
  }
}
