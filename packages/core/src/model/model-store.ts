import type { ModelFiles } from './model-files.js';

/**
 * Where downloaded models are kept (a folder in Node, Cache API / OPFS in the browser). The core's downloader
 * writes through this so it can resume a partial file and check integrity without knowing the medium.
 * `key` names one model revision (for example `hf/HuggingFaceTB/SmolLM2-135M/main`); `file` is a relative name.
 */
export interface ModelStore {
  /** Opens `source` directly when the store can read it in place (a local directory); otherwise undefined. */
  openLocal(source: string): Promise<ModelFiles | undefined>;
  /** The cached files of one model key. */
  files(key: string): ModelFiles;
  /** True when the complete file is stored. */
  has(key: string, file: string): Promise<boolean>;
  /** Bytes already held of an interrupted download (0 when none), so it can resume from there. */
  partialSize(key: string, file: string): Promise<number>;
  /** Appends bytes to the partial file. */
  appendPartial(key: string, file: string, chunk: Uint8Array): Promise<void>;
  /** Drops the partial file (after a failed integrity check or a server that cannot resume). */
  discardPartial(key: string, file: string): Promise<void>;
  /** Lowercase hex SHA-256 of the partial file, streamed so large weights are not held in memory. */
  partialSha256(key: string, file: string): Promise<string>;
  /** Moves the finished partial file into place, where `has` and `files` see it. */
  commit(key: string, file: string): Promise<void>;
  /** Lists stored model keys. */
  list(): Promise<string[]>;
  /** Deletes one stored model (all its files). */
  delete(key: string): Promise<void>;
}
