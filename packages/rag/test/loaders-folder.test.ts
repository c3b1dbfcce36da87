import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PocketLMError } from '@pocketlm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFailureReason } from '../src/loaders/load-error.js';
import { loadFile } from '../src/loaders/load-file.js';
import { type LoadFolderProgress, loadFolder } from '../src/loaders/load-folder.js';
import { makePdf } from './fixtures/make-pdf.js';

let dir: string;
// Root ignores file permissions, so the unreadable-file case only holds for other users.
const canRevokeRead = process.getuid?.() !== 0 && process.platform !== 'win32';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pocketlm-rag-folder-'));
  await mkdir(join(dir, 'docs/deep'), { recursive: true });
  await mkdir(join(dir, '.git'));
  await mkdir(join(dir, 'node_modules'));
  await writeFile(join(dir, 'readme.md'), '# Readme\n\nHello.');
  await writeFile(join(dir, 'docs/page.html'), '<title>Page</title><h1>Page</h1><p>Body.</p>');
  await writeFile(join(dir, 'docs/deep/report.pdf'), makePdf([['Report text.']]));
  await writeFile(join(dir, 'docs/empty.txt'), '');
  await writeFile(join(dir, 'logo.png'), Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d));
  await writeFile(join(dir, 'latin1.txt'), Uint8Array.of(0x63, 0x61, 0x66, 0xe9));
  await writeFile(join(dir, 'broken.pdf'), '%PDF-1.4\nthis is not really a pdf');
  await writeFile(join(dir, '.git/config'), 'hidden');
  await writeFile(join(dir, 'node_modules/x.txt'), 'dependency');
  // A dangling link cannot be read even by root.
  await symlink(join(dir, 'gone.txt'), join(dir, 'dangling.txt'));
  if (canRevokeRead) {
    await writeFile(join(dir, 'secret.txt'), 'no access');
    await chmod(join(dir, 'secret.txt'), 0o000);
  }
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadFolder', () => {
  it('loads every document, skips and reports the bad files, and keeps going', async () => {
    const progress: LoadFolderProgress[] = [];
    const result = await loadFolder(dir, { onProgress: (p) => progress.push(p) });
    expect(result.documents.map((d) => [d.source, d.kind])).toEqual([
      ['docs/deep/report.pdf', 'pdf'],
      ['docs/empty.txt', 'text'],
      ['docs/page.html', 'html'],
      ['readme.md', 'markdown'],
    ]);
    expect(result.documents.find((d) => d.source === 'docs/empty.txt')?.text).toBe('');
    const skipped = result.skipped.map(({ path, reason }) => ({ path, reason }));
    expect(skipped).toEqual([
      { path: 'broken.pdf', reason: 'invalid-pdf' },
      { path: 'dangling.txt', reason: 'unreadable' },
      { path: 'latin1.txt', reason: 'invalid-encoding' },
      { path: 'logo.png', reason: 'binary' },
      ...(canRevokeRead ? [{ path: 'secret.txt', reason: 'unreadable' }] : []),
    ]);
    expect(result.skipped.every((s) => s.message.length > 0)).toBe(true);
    const total = result.documents.length + result.skipped.length;
    expect(progress.map((p) => p.done)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    expect(progress.every((p) => p.total === total)).toBe(true);
    expect(progress.find((p) => p.path === 'logo.png')?.status).toBe('skipped');
  });

  it('filters with include and exclude (RegExp or function) on relative paths', async () => {
    const md = await loadFolder(dir, { include: /\.(md|html)$/ });
    expect(md.documents.map((d) => d.source)).toEqual(['docs/page.html', 'readme.md']);
    expect(md.skipped).toEqual([]);
    const noDocs = await loadFolder(dir, {
      exclude: (path) => path.startsWith('docs/') || !path.endsWith('.md'),
    });
    expect(noDocs.documents.map((d) => d.source)).toEqual(['readme.md']);
  });

  it('reports files over maxBytes as too large', async () => {
    const result = await loadFolder(dir, { include: /readme/, maxBytes: 4 });
    expect(result.skipped.map((s) => s.reason)).toEqual(['too-large']);
  });

  it('stops with ABORTED when the signal fires', async () => {
    const controller = new AbortController();
    const run = loadFolder(dir, {
      onProgress: () => controller.abort(),
      signal: controller.signal,
    });
    await expect(run).rejects.toSatisfy((e) => PocketLMError.isInstance(e, 'ABORTED'));
  });

  it('rejects a folder that does not exist', async () => {
    await expect(loadFolder(join(dir, 'missing'))).rejects.toSatisfy(
      (e) => loadFailureReason(e) === 'unreadable',
    );
  });
});

describe('loadFile', () => {
  it('records the path as the source unless told otherwise', async () => {
    const path = join(dir, 'readme.md');
    expect((await loadFile(path)).source).toBe(path);
    expect((await loadFile(path, { source: 'readme.md' })).source).toBe('readme.md');
  });

  it('reports a folder or a missing file as unreadable', async () => {
    for (const path of [join(dir, 'docs'), join(dir, 'nope.txt')]) {
      await expect(loadFile(path)).rejects.toSatisfy((e) => loadFailureReason(e) === 'unreadable');
    }
  });
});
