import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Engine } from '@pocketlm/core';
import type { RunningServer } from '@pocketlm/server';
import { startServer } from '@pocketlm/server';
import { ensureFixture, markdownCodeBlocks } from '@pocketlm/testkit';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { closeAll, tinyEngine } from './escalation-fixture.js';

const docPath = fileURLToPath(new URL('../../../docs/escalation.md', import.meta.url));
const packageDir = fileURLToPath(new URL('..', import.meta.url));
const sourceEntry = fileURLToPath(new URL('../src/index.ts', import.meta.url));
/** The placeholders the doc promises to replace (see its "Tested snippets" section). */
const DOCS_BASE_URL = 'http://127.0.0.1:8080';
const DOCS_MODEL_DIR = './models/SmolLM2-135M-Instruct';

/** The fenced blocks whose info string is `ts test`: the ones the doc promises are tested. */
const snippets = await markdownCodeBlocks(docPath, { lang: 'ts', tag: 'test' });

describe('docs/escalation.md snippets run against a live pocketlm serve', () => {
  let engine: Engine;
  let server: RunningServer;
  let dir: string;
  let modelDir: string;

  beforeAll(async () => {
    engine = await tinyEngine();
    server = await startServer({ models: { tiny: { generator: engine } }, port: 0 });
    modelDir = await ensureFixture('tiny');
    // Inside the package, so the snippets' imports resolve to its dependencies.
    dir = await mkdtemp(join(packageDir, '.snippets-'));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    await closeAll(server, engine);
  });

  it('finds the snippets the doc marks as tested', () => {
    expect(snippets.length).toBeGreaterThanOrEqual(5);
  });

  it.each(snippets.map((s) => [`snippet at docs/escalation.md:${s.line}`, s] as const))(
    '%s',
    async (_, snippet) => {
      expect(snippet.code).toContain(DOCS_BASE_URL);
      expect(snippet.code).toContain(DOCS_MODEL_DIR);
      const code = snippet.code
        .replaceAll(DOCS_BASE_URL, server.url)
        .replaceAll(DOCS_MODEL_DIR, modelDir)
        // Run against this package's source, so the test needs no build.
        .replaceAll("from '@pocketlm/remote'", `from ${JSON.stringify(sourceEntry)}`);
      const file = join(dir, `snippet-${snippet.line}.ts`);
      await writeFile(file, code);
      const logged: unknown[][] = [];
      const log = vi.spyOn(console, 'log').mockImplementation((...args) => void logged.push(args));
      try {
        await import(pathToFileURL(file).href);
      } finally {
        log.mockRestore();
      }
      expect(logged.length).toBeGreaterThan(0);
      // Snippets print `true` for what they claim; none may print `false`.
      expect(logged.flat()).not.toContain(false);
    },
  );
});
