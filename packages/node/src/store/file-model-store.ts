import { createHash } from 'node:crypto';
import { createReadStream, type Dirent } from 'node:fs';
import { appendFile, mkdir, readdir, readFile, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { type ModelFiles, type ModelStore, PocketLMError } from '@pocketlm/core';
import { isMissing, LocalDirectoryFiles } from './local-directory-files.js';
import { localSourcePath } from './local-source-path.js';
import { fileSegments, keySegments } from './store-paths.js';

export interface FileModelStoreOptions {
  /** Cache folder; default `$POCKETLM_CACHE_DIR`, else `~/.cache/pocketlm/models`. */
  root?: string;
}

const PARTIAL_SUFFIX = '.partial';
// Marks a folder as one stored model, so `list` can tell `hf/org/name/main` from its `onnx/` subfolder.
const KEY_MARKER = '.pocketlm-model';

/**
 * A model store on the filesystem. Each model key is a folder, `<root>/<key>/<file>`; downloads in progress are
 * `<file>.partial` next to where the file will be, and become the file with an atomic rename once verified.
 */
export class FileModelStore implements ModelStore {
  /** Absolute path of the cache folder. */
  readonly root: string;
  private readonly markedKeys = new Set<string>();

  constructor(options: FileModelStoreOptions = {}) {
    const fromEnv = process.env.POCKETLM_CACHE_DIR;
    this.root = resolve(
      options.root ??
        (fromEnv !== undefined && fromEnv !== '' ? fromEnv : join(homedir(), '.cache', 'pocketlm', 'models')),
    );
  }

  async openLocal(source: string): Promise<ModelFiles | undefined> {
    const path = localSourcePath(source);
    if (path === undefined) return undefined;
    try {
      return (await stat(path)).isDirectory() ? new LocalDirectoryFiles(path) : undefined;
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  files(key: string): ModelFiles {
    return new LocalDirectoryFiles(this.keyDir(key));
  }

  async has(key: string, file: string): Promise<boolean> {
    return (await statOrUndefined(this.filePath(key, file)))?.isFile() === true;
  }

  async partialSize(key: string, file: string): Promise<number> {
    const info = await statOrUndefined(this.partialPath(key, file));
    return info?.isFile() ? info.size : 0;
  }

  async appendPartial(key: string, file: string, chunk: Uint8Array): Promise<void> {
    const path = this.partialPath(key, file);
    await mkdir(dirname(path), { recursive: true });
    if (!this.markedKeys.has(key)) {
      await writeFile(join(this.keyDir(key), KEY_MARKER), `${key}\n`);
      this.markedKeys.add(key);
    }
    await appendFile(path, chunk);
  }

  async discardPartial(key: string, file: string): Promise<void> {
    await rm(this.partialPath(key, file), { force: true });
  }

  async partialSha256(key: string, file: string): Promise<string> {
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(this.partialPath(key, file))) hash.update(chunk as Buffer);
    return hash.digest('hex');
  }

  async commit(key: string, file: string): Promise<void> {
    // rename within one folder is atomic: readers see the old state or the whole file, never a torn one.
    await rename(this.partialPath(key, file), this.filePath(key, file));
  }

  async list(): Promise<string[]> {
    const keys: string[] = [];
    await this.collectKeys(this.root, keys);
    return keys.sort();
  }

  async delete(key: string): Promise<void> {
    const dir = this.keyDir(key);
    await rm(dir, { recursive: true, force: true });
    this.markedKeys.delete(key);
    // Drop the now-empty parents (`hf/org/name`), stopping at the first one still holding another model.
    for (let parent = dirname(dir); parent.startsWith(this.rootPrefix()); ) {
      try {
        await rmdir(parent);
      } catch {
        break;
      }
      parent = dirname(parent);
    }
  }

  /** Absolute folder of one model key. */
  keyDir(key: string): string {
    const dir = join(this.root, ...keySegments(key));
    // keySegments already refuses `..`; this guards the invariant against any future change to it.
    if (!dir.startsWith(this.rootPrefix())) {
      throw new PocketLMError('INVALID_OPTIONS', `Model store key "${key}" escapes the store root.`, {
        details: { key },
      });
    }
    return dir;
  }

  private rootPrefix(): string {
    return this.root.endsWith(sep) ? this.root : this.root + sep;
  }

  private filePath(key: string, file: string): string {
    return join(this.keyDir(key), ...fileSegments(file));
  }

  private partialPath(key: string, file: string): string {
    return this.filePath(key, file) + PARTIAL_SUFFIX;
  }

  private async collectKeys(dir: string, keys: string[]): Promise<void> {
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      if (isMissing(error)) return;
      throw error;
    }
    if (entries.some((e) => e.isFile() && e.name === KEY_MARKER)) {
      const written = (await readFile(join(dir, KEY_MARKER), 'utf8')).trim();
      keys.push(written !== '' ? written : relative(this.root, dir).split(sep).join('/'));
      return;
    }
    for (const entry of entries) {
      if (entry.isDirectory()) await this.collectKeys(join(dir, entry.name), keys);
    }
  }
}

/** A `FileModelStore`; the factory form for callers who prefer functions. */
export function fileModelStore(options?: FileModelStoreOptions): FileModelStore {
  return new FileModelStore(options);
}

async function statOrUndefined(path: string) {
  try {
    return await stat(path);
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}
