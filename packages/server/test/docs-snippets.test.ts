import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Engine } from '@pocketlm/core';
import { markdownCodeBlocks } from '@pocketlm/testkit';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/index.js';
import { closeAll, tinyServer } from './live-server.js';

const run = promisify(execFile);
const docPath = fileURLToPath(new URL('../../../docs/serve.md', import.meta.url));
// Snippets run from inside this package, so `import OpenAI from 'openai'` resolves to its dev dependency.
const packageDir = fileURLToPath(new URL('..', import.meta.url));
/** The base URL the docs write; each snippet gets the live test server's instead. */
const DOCS_BASE_URL = 'http://127.0.0.1:8080';

/** The fenced blocks whose info string is `<lang> test`: the ones docs/serve.md promises are tested. */
const snippets = await markdownCodeBlocks(docPath, { lang: ['ts', 'js', 'sh'], tag: 'test' });

describe('docs/serve.md snippets run against a live server', () => {
  let engine: Engine;
  let server: RunningServer;
  let dir: string;

  beforeAll(async () => {
    ({ engine, server } = await tinyServer());
    // Under node_modules (git-ignored) yet inside this package, so `openai` resolves from the snippet files.
    await mkdir(join(packageDir, 'node_modules', '.cache'), { recursive: true });
    dir = await mkdtemp(join(packageDir, 'node_modules', '.cache', 'docs-snippets-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await closeAll(server, engine);
  });

  it('finds the tested snippets (curl, JS and TS)', () => {
    expect(new Set(snippets.map((s) => s.lang))).toEqual(new Set(['ts', 'js', 'sh']));
    expect(snippets.length).toBeGreaterThanOrEqual(6);
  });

  it.each(snippets.map((s) => [`${s.lang} snippet at docs/serve.md:${s.line}`, s] as const))(
    '%s',
    async (_, snippet) => {
      expect(snippet.code).toContain(DOCS_BASE_URL);
      const code = snippet.code.replaceAll(DOCS_BASE_URL, server.url);
      if (snippet.lang === 'sh') {
        const { stdout } = await run('sh', ['-e', '-c', code]);
        expect(stdout).toMatch(/"object":"chat\.completion(\.chunk)?"/);
        expect(stdout).not.toContain('"error"');
        return;
      }
      const js =
        snippet.lang === 'ts'
          ? ts.transpileModule(code, {
              compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
            }).outputText
          : code;
      const file = join(dir, `snippet-${snippet.line}.mjs`);
      await writeFile(file, js);
      const { stdout } = await run(process.execPath, [file], { cwd: packageDir });
      expect(stdout.length).toBeGreaterThan(0);
    },
  );
});
