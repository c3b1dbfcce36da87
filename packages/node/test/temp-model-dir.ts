import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made: string[] = [];

/** A scratch copy of a model directory that a test may damage; `removeTempModelDirs` deletes them all. */
export async function copyModelDir(source: string, options: { skip?: (relative: string) => boolean } = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'pocketlm-node-test-'));
  made.push(dir);
  await cp(source, dir, {
    recursive: true,
    filter: (src) =>
      !options.skip?.(
        src
          .slice(source.length + 1)
          .split('\\')
          .join('/'),
      ),
  });
  return dir;
}

export async function removeTempModelDirs(): Promise<void> {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}
