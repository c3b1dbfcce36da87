import type { StoreStorage } from './store-storage.js';

// node:fs is imported on first use, through a variable specifier so browser bundlers (esbuild, Vite, webpack)
// leave it alone instead of failing to resolve a Node builtin; only Node ever takes this path.
type Fs = typeof import('node:fs/promises');
type Path = typeof import('node:path');
const FS = 'node:fs/promises';
const PATH = 'node:path';
let fsModule: Promise<Fs> | undefined;
function loadFs(): Promise<Fs> {
  fsModule ??= import(/* webpackIgnore: true */ /* @vite-ignore */ FS) as Promise<Fs>;
  return fsModule;
}

function randomSuffix(): string {
  return globalThis.crypto.randomUUID().slice(0, 8);
}

/**
 * Node file storage: the key is a file path. `put` writes `<path>.tmp-<random>` in full, fsyncs it, then renames it
 * over the original, so a crash or a full disk leaves the previous file intact (at worst a stray tmp file).
 */
export function createFileStorage(): StoreStorage {
  return {
    async get(path) {
      const fs = await loadFs();
      try {
        return new Uint8Array(await fs.readFile(path));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    async put(path, bytes) {
      const fs = await loadFs();
      const tmp = `${path}.tmp-${randomSuffix()}`;
      try {
        const handle = await fs.open(tmp, 'wx');
        try {
          await handle.writeFile(bytes);
          await handle.sync();
        } finally {
          await handle.close();
        }
        await fs.rename(tmp, path);
      } catch (error) {
        await fs.rm(tmp, { force: true }).catch(() => {});
        throw error;
      }
      await syncDirectory(fs, path);
    },
    async delete(path) {
      const fs = await loadFs();
      await fs.rm(path, { force: true });
    },
  };
}

// The rename only survives a power loss once the directory entry is on disk. Windows cannot open directories; skip.
async function syncDirectory(fs: Fs, path: string): Promise<void> {
  const { dirname } = (await import(/* webpackIgnore: true */ /* @vite-ignore */ PATH)) as Path;
  try {
    const dir = await fs.open(dirname(path), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  } catch {
    // Best effort: the data file itself is already fsynced.
  }
}
