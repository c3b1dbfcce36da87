import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Engine } from '@pocketlm/core';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/index.js';
import { liveServer, tinyEngine } from './live-server.js';

const run = promisify(execFile);
const docPath = fileURLToPath(new URL('../../../docs/serve.md', import.meta.url));
// Snippets run from inside this package, so `import OpenAI from 'openai'` resolves to its dev dependency.
const packageDir = fileURLToPath(new URL('..', import.meta.url));
/** The base URL the docs write; each snippet gets the live test server's instead. */
const DOCS_BASE_URL = 'http://127.0.0.1:8080';

interface Snippet {
  lang: 'ts' | 'js' | 'sh';
  code: string;
  line: number;
}

/** The fenced blocks whose info string is `<lang> test`: the ones docs/serve.md promises are tested. */
function testedSnippets(markdown: string): Snippet[] {
  const snippets: Snippet[] = [];
  const fence = /^```(ts|js|sh) test\n([\s\S]*?)^```$/gm;
  for (let m = fence.exec(markdown); m; m = fence.exec(markdown)) {
    const line = markdown.slice(0, m.index).split('\n').length;
    snippets.push({ lang: m[1] as Snippet['lang'], code: m[2], line });
  }
  return snippets;
}

const markdown = await readFile(docPath, 'utf8');
const snippets = testedSnippets(markdown);

describe('docs/serve.md snippets run against a live server', () => {
  let engine: Engine;
  let server: RunningServer;
  let dir: string;

  beforeAll(async () => {
    engine = await tinyEngine();
    ({ server } = await liveServer(engine));
    // Under node_modules (git-ignored) yet inside this package, so `openai` resolves from the snippet files.
    await mkdir(join(packageDir, 'node_modules', '.cache'), { recursive: true });
    dir = await mkdtemp(join(packageDir, 'node_modules', '.cache', 'docs-snippets-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await server?.close();
    await engine?.dispose();
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
