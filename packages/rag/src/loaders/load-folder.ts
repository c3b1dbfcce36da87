import { throwIfAborted } from '@pocketlm/core';
import { type LoadFailureReason, loadError, loadFailureReason } from './load-error.js';
import { loadFile } from './load-file.js';
import type { LoadedDocument } from './loaded-document.js';
import { nodeFs, nodePath } from './node-fs.js';

/** Selects files by their path relative to the folder, with `/` separators (`docs/guide.md`). */
export type PathFilter = RegExp | ((relativePath: string) => boolean);

/** Progress of `loadFolder`, once per file after it was loaded or skipped. */
export interface LoadFolderProgress {
  path: string;
  /** Files handled so far, and how many were found. */
  done: number;
  total: number;
  status: 'loaded' | 'skipped';
}

/** Options of `loadFolder`. */
export interface LoadFolderOptions {
  /** Only files that match (default: every file). */
  include?: PathFilter;
  /** Leave out files that match; hidden files and folders and `node_modules` are always left out. */
  exclude?: PathFilter;
  /** Skip files larger than this (default 64 MiB), reported with reason `too-large`. */
  maxBytes?: number;
  onProgress?: (progress: LoadFolderProgress) => void;
  /** Stops between files; the promise then rejects with `ABORTED`. */
  signal?: AbortSignal;
}

/** A file `loadFolder` could not load. */
export interface SkippedFile {
  /** Relative to the folder, `/`-separated. */
  path: string;
  reason: LoadFailureReason;
  /** What went wrong, for people. */
  message: string;
}

/** What `loadFolder` returns: the documents (each `source` is its relative path) and what was skipped. */
export interface LoadFolderResult {
  documents: LoadedDocument[];
  skipped: SkippedFile[];
}

const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

/**
 * Loads every file under `dir` (Node only), in a stable order. A file that cannot be read or is not a document
 * (binary, invalid encoding, corrupt PDF) is skipped and reported, and the rest are still loaded; an empty file
 * is a document with empty text. Errors other than bad input (aborting, a bug) still reject.
 */
export async function loadFolder(dir: string, options: LoadFolderOptions = {}): Promise<LoadFolderResult> {
  const { join } = await nodePath();
  const skipped: SkippedFile[] = [];
  const files = (await listFiles(dir, '', skipped, options.signal)).filter(
    (path) => matches(options.include, path, true) && !matches(options.exclude, path, false),
  );
  const documents: LoadedDocument[] = [];
  for (const [index, path] of files.entries()) {
    throwIfAborted(options.signal);
    let status: LoadFolderProgress['status'] = 'loaded';
    try {
      documents.push(
        await loadFile(join(dir, path), { source: path, maxBytes: options.maxBytes ?? DEFAULT_MAX_BYTES }),
      );
    } catch (error) {
      const reason = loadFailureReason(error);
      if (!reason) throw error;
      skipped.push({ path, reason, message: (error as Error).message });
      status = 'skipped';
    }
    options.onProgress?.({ path, done: index + 1, total: files.length, status });
  }
  return { documents, skipped };
}

function matches(filter: PathFilter | undefined, path: string, fallback: boolean): boolean {
  if (filter === undefined) return fallback;
  return typeof filter === 'function' ? filter(path) : filter.test(path);
}

/**
 * Relative paths of the files under `root`, sorted; symlinked folders are not followed (no cycles). A subfolder
 * that cannot be listed is reported in `skipped`; the root itself failing rejects with `unreadable`.
 */
async function listFiles(
  root: string,
  prefix: string,
  skipped: SkippedFile[],
  signal: AbortSignal | undefined,
): Promise<string[]> {
  throwIfAborted(signal);
  const { readdir } = await nodeFs();
  const { join } = await nodePath();
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(prefix ? join(root, prefix) : root, { withFileTypes: true });
  } catch (error) {
    if (!prefix) throw loadError('unreadable', root, (error as Error).message, error);
    skipped.push({ path: prefix, reason: 'unreadable', message: (error as Error).message });
    return [];
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const files: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) files.push(...(await listFiles(root, path, skipped, signal)));
    else if (entry.isFile() || entry.isSymbolicLink()) files.push(path);
  }
  return files;
}
