import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'tsup';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultFixturesRoot, ensureFixture } from '../src/fixtures/ensure-fixture.js';
import { FIXTURE_STAMP_FILE, fixtureVersion } from '../src/fixtures/fixture-version.js';
import type { FixtureProgressEvent } from '../src/fixtures/write-fixture.js';

const run = promisify(execFile);
const packageDir = fileURLToPath(new URL('..', import.meta.url));
const created: string[] = [];
const freshRoot = () => {
  const root = mkdtempSync(join(tmpdir(), 'pocketlm-ensure-'));
  created.push(root);
  return root;
};

afterAll(() => {
  for (const dir of created) rmSync(dir, { recursive: true, force: true });
});
const stamp = (dir: string) => JSON.parse(readFileSync(join(dir, FIXTURE_STAMP_FILE), 'utf8'));

describe('ensureFixture', () => {
  it('defaults to POCKETLM_FIXTURES_DIR (set by vitest.config.ts to the repo cache)', () => {
    expect(defaultFixturesRoot()).toBe(process.env.POCKETLM_FIXTURES_DIR);
    expect(defaultFixturesRoot()).toMatch(/[/\\]\.cache[/\\]fixtures$/);
  });

  it('generates once with progress, then reuses the stamped directory', async () => {
    const root = freshRoot();
    const events: FixtureProgressEvent[] = [];
    const dir = await ensureFixture('tiny', { root, onProgress: (e) => events.push(e) });
    expect(dir).toBe(join(root, 'tiny'));
    expect(stamp(dir)).toEqual({ name: 'tiny', version: fixtureVersion('tiny') });
    expect(events.map((e) => e.step)).toContain('weights');
    expect(events.at(-1)).toEqual({ step: 'done', done: 1, total: 1 });
    const mtime = statSync(join(dir, 'onnx', 'model.onnx')).mtimeMs;

    const again: FixtureProgressEvent[] = [];
    expect(await ensureFixture('tiny', { root, onProgress: (e) => again.push(e) })).toBe(dir);
    expect(again).toEqual([]);
    expect(statSync(join(dir, 'onnx', 'model.onnx')).mtimeMs).toBe(mtime);
  });

  it('regenerates a directory stamped by another generator version', async () => {
    const root = freshRoot();
    const dir = await ensureFixture('tiny', { root });
    writeFileSync(join(dir, FIXTURE_STAMP_FILE), JSON.stringify({ name: 'tiny', version: 'old' }));
    writeFileSync(join(dir, 'leftover.txt'), 'from the old version');
    expect(await ensureFixture('tiny', { root })).toBe(dir);
    expect(stamp(dir).version).toBe(fixtureVersion('tiny'));
    expect(readdirSync(dir)).not.toContain('leftover.txt');
    expect(readdirSync(root)).toEqual(['tiny']);
  });

  it('is safe when many calls race in one process', async () => {
    const root = freshRoot();
    const dirs = await Promise.all(Array.from({ length: 4 }, () => ensureFixture('tiny', { root })));
    expect(new Set(dirs)).toEqual(new Set([join(root, 'tiny')]));
    expect(stamp(dirs[0]).version).toBe(fixtureVersion('tiny'));
    expect(readdirSync(root)).toEqual(['tiny']);
  });

  it('is safe when several processes race, including over a stale copy', async () => {
    // Child processes need plain JS: bundle the package into its git-ignored cache folder.
    const outDir = join(packageDir, '.cache', `race-bundle-${process.pid}`);
    created.push(outDir);
    await build({
      entry: { index: join(packageDir, 'src', 'index.ts') },
      outDir,
      format: ['esm'],
      platform: 'node',
      target: 'node20',
      dts: false,
      silent: true,
      clean: true,
    });
    const root = freshRoot();
    const dir = await ensureFixture('tiny', { root });
    writeFileSync(join(dir, FIXTURE_STAMP_FILE), JSON.stringify({ name: 'tiny', version: 'stale' }));
    const script = `const m = await import(${JSON.stringify(join(outDir, 'index.js'))});
      const dir = await m.ensureFixture('tiny', { root: ${JSON.stringify(root)} });
      const fs = await import('node:fs');
      fs.statSync(dir + '/onnx/model.onnx');
      console.log(dir);`;
    const results = await Promise.all(
      Array.from({ length: 4 }, () => run(process.execPath, ['--input-type=module', '-e', script])),
    );
    for (const r of results) expect(r.stdout.trim()).toBe(dir);
    expect(stamp(dir).version).toBe(fixtureVersion('tiny'));
    expect(readdirSync(root)).toEqual(['tiny']);
  });
});

describe('fixture names', () => {
  it('rejects unknown names with the list of known ones', async () => {
    await expect(ensureFixture('nope' as 'tiny', { root: freshRoot() })).rejects.toThrow(
      /Unknown fixture "nope".*tiny/,
    );
  });
});
