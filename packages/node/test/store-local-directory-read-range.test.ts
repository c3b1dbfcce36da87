import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PocketLMError } from '@pocketlm/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalDirectoryFiles } from '../src/store/local-directory-files.js';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pocketlm-range-'));
  await mkdir(join(dir, 'sub'));
  await writeFile(
    join(dir, 'sub', 'w.bin'),
    Uint8Array.from({ length: 100 }, (_, i) => i),
  );
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('LocalDirectoryFiles.readRange', () => {
  it('reads exactly [start, end) of a file', async () => {
    const files = new LocalDirectoryFiles(dir);
    const bytes = await files.readRange('sub/w.bin', 10, 15);
    expect(bytes.constructor).toBe(Uint8Array);
    expect([...bytes]).toEqual([10, 11, 12, 13, 14]);
    expect((await files.readRange('sub/w.bin', 100, 100)).length).toBe(0);
    expect((await files.readRange('sub/w.bin', 0, 100)).length).toBe(100);
  });

  it('refuses ranges outside the file and names that do not exist', async () => {
    const files = new LocalDirectoryFiles(dir);
    for (const [start, end] of [
      [90, 101],
      [-1, 5],
      [5, 4],
      [0.5, 2],
    ]) {
      const error = await files.readRange('sub/w.bin', start, end).catch((e: unknown) => e);
      expect(PocketLMError.isInstance(error, 'INVALID_OPTIONS'), `${start}-${end}`).toBe(true);
    }
    for (const name of ['missing.bin', 'sub']) {
      const error = await files.readRange(name, 0, 1).catch((e: unknown) => e);
      expect(PocketLMError.isInstance(error, 'MODEL_NOT_FOUND'), name).toBe(true);
    }
  });
});
