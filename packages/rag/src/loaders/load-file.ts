import { PocketLMError } from '@pocketlm/core';
import { loadBytes } from './load-bytes.js';
import { loadError } from './load-error.js';
import type { LoadedDocument } from './loaded-document.js';
import { nodeFs } from './node-fs.js';

/** Options of `loadFile`. */
export interface LoadFileOptions {
  /** The `source` to record; defaults to the path as given. */
  source?: string;
  /** Refuse larger files (`details.reason` `too-large`) instead of reading them into memory. */
  maxBytes?: number;
}

/**
 * Reads a file and loads it with `loadBytes`. Node only: `node:fs` is imported on call, so bundling the package
 * for a browser does not pull it in. File-system failures throw `INVALID_OPTIONS` with `details.reason`
 * `unreadable`.
 */
export async function loadFile(path: string, options: LoadFileOptions = {}): Promise<LoadedDocument> {
  const source = options.source ?? path;
  const { readFile, stat } = await nodeFs();
  let bytes: Uint8Array;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new Error('not a regular file');
    if (options.maxBytes !== undefined && info.size > options.maxBytes) {
      throw loadError('too-large', source, `${info.size} bytes is over the limit of ${options.maxBytes}.`);
    }
    bytes = await readFile(path);
  } catch (cause) {
    if (PocketLMError.isInstance(cause)) throw cause;
    const message = cause instanceof Error ? cause.message : String(cause);
    throw loadError('unreadable', source, message, cause);
  }
  return loadBytes(bytes, source);
}
