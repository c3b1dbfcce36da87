import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeRagFolder } from './rag-folder.js';
import { runCli } from './run-cli.js';

describe('pocketlm rag index', () => {
  it('indexes a folder incrementally: added, then unchanged, updated and removed', async () => {
    const { cwd, docs } = makeRagFolder();

    const first = await runCli(['rag', 'index', 'docs'], { cwd });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/added 3 · updated 0 · removed 0 · unchanged 0 · chunks [1-9]\d* embedded/);
    for (const source of ['guide.md', 'notes.txt', 'web/page.html']) {
      expect(first.stdout).toMatch(new RegExp(`^ {2}added +${source.replace('.', '\\.')}$`, 'm'));
    }
    expect(first.stdout).toMatch(/^ {2}skipped +logo\.bin \(binary\): /m);
    // Progress goes to stderr, for loading and for embedding.
    expect(first.stderr).toMatch(/loading files 100%/);
    expect(first.stderr).toMatch(/embedding 100%/);
    expect(existsSync(join(cwd, '.pocketlm', 'rag-store.plmrag'))).toBe(true);

    const second = await runCli(['rag', 'index', 'docs'], { cwd });
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/added 0 · updated 0 · removed 0 · unchanged 3 · chunks 0 embedded/);
    expect(second.stdout).toMatch(/^ {2}skipped +logo\.bin \(binary\)/m);

    writeFileSync(join(docs, 'notes.txt'), 'The KV cache was rewritten: pages of 16 tokens.\n');
    rmSync(join(docs, 'web', 'page.html'));
    const third = await runCli(['rag', 'index', 'docs'], { cwd });
    expect(third.code, third.stderr).toBe(0);
    expect(third.stdout).toMatch(/added 0 · updated 1 · removed 1 · unchanged 1 · chunks 1 embedded/);
    expect(third.stdout).toMatch(/^ {2}updated +notes\.txt$/m);
    expect(third.stdout).toMatch(/^ {2}removed +web\/page\.html$/m);
  });

  it('--json prints the report and the skipped files', async () => {
    const { cwd } = makeRagFolder();
    const r = await runCli(['rag', 'index', 'docs', '--store', 'kb.plmrag', '--json'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.store).toBe(join(cwd, 'kb.plmrag'));
    expect(out.added).toEqual(['guide.md', 'notes.txt', 'web/page.html']);
    expect(out.skipped).toEqual([expect.objectContaining({ path: 'logo.bin', reason: 'binary' })]);
    expect(out.storeChunks).toBe(out.chunks);
  });

  it('a missing folder or a bad subcommand is a typed error, and run does not take --store', async () => {
    const { cwd } = makeRagFolder();
    const missing = await runCli(['rag', 'index', 'no-such-folder'], { cwd });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/pocketlm: Cannot load .*no-such-folder.* \[INVALID_OPTIONS\]/);
    const bad = await runCli(['rag', 'search', 'x'], { cwd });
    expect(bad.stderr).toMatch(/Unknown rag command "search".*\[INVALID_OPTIONS\]/s);
    const run = await runCli(['run', 'hi', '--store', 'x'], { cwd });
    expect(run.stderr).toContain('[INVALID_OPTIONS]');
    const help = await runCli(['--help']);
    expect(help.stdout).toMatch(/pocketlm rag index <folder>/);
    expect(help.stdout).toMatch(/pocketlm rag ask "<question>"/);
  });
});
