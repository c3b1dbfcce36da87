import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createEmbeddedStore, openEmbeddedStore } from '../src/store/embedded-store.js';

// Fail the rename (the last step of a save) on demand: the moment a crash or a full disk would hurt most.
const failRename = vi.hoisted(() => ({ on: false }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs/promises')>();
  const rename: typeof fs.rename = async (from, to) => {
    if (failRename.on) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
    return fs.rename(from, to);
  };
  return { ...fs, default: { ...fs, rename }, rename };
});

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pocketlm-rag-atomic-'));
  failRename.on = false;
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const chunk = (id: string, text: string) => ({
  id,
  source: id.split('#')[0],
  kind: 'text',
  hash: 'h',
  text,
  start: 0,
  end: text.length,
  headings: [],
  tokens: 3,
});

describe('atomic save', () => {
  it('a failed save leaves the previous file byte for byte, and no tmp file', async () => {
    const path = join(dir, 'index.plmrag');
    const store = await createEmbeddedStore({ dimensions: 2, path });
    await store.upsert([chunk('a#0', 'first')], [new Float32Array([1, 0])]);
    await store.save();
    const before = await readFile(path);

    await store.upsert([chunk('b#0', 'second')], [new Float32Array([0, 1])]);
    failRename.on = true;
    await expect(store.save()).rejects.toThrow(/ENOSPC/);
    expect(Buffer.compare(await readFile(path), before)).toBe(0);
    expect(await readdir(dir)).toEqual(['index.plmrag']);

    failRename.on = false;
    expect(await (await openEmbeddedStore(path)).count()).toBe(1);
    await store.save();
    expect(await (await openEmbeddedStore(path)).count()).toBe(2);
  });
});
