import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { ensureFixture, markdownCodeBlocks } from '@pocketlm/testkit';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * Every ```ts block of docs/ai-sdk.md runs as written, on the testkit fixtures: the snippets read the model from
 * POCKETLM_MODEL (and POCKETLM_EMBEDDING_MODEL), the placeholder the page documents. A snippet that no longer
 * matches the API fails here. Only the package import is redirected to this checkout's source.
 */
const docs = new URL('../../../docs/ai-sdk.md', import.meta.url);
const source = fileURLToPath(new URL('../src/index.ts', import.meta.url));
// Inside the package, so the snippets' bare imports (ai, zod, @pocketlm/*) resolve to its dependencies.
const scratch = new URL('../node_modules/.cache/docs-snippets/', import.meta.url);

/** Every ```ts block, with the heading it sits under (the test's name). */
const snippets = await markdownCodeBlocks(docs, { lang: 'ts' });

beforeAll(async () => {
  process.env.POCKETLM_MODEL = await ensureFixture('tiny');
  process.env.POCKETLM_EMBEDDING_MODEL = await ensureFixture('tiny-encoder');
  await mkdir(scratch, { recursive: true });
});

describe('docs/ai-sdk.md snippets run as written', () => {
  it('the page has its snippets, each importing the package', () => {
    expect(snippets.length).toBeGreaterThanOrEqual(6);
    for (const s of snippets) expect(s.code).toContain("from '@pocketlm/ai-sdk'");
  });

  it('the snippets typecheck against the package’s types (strict, as the repo compiles)', async () => {
    const files = await Promise.all(
      snippets.map(async (snippet, i) => {
        const file = fileURLToPath(new URL(`typed-${i + 1}.ts`, scratch));
        await writeFile(file, snippet.code);
        return file;
      }),
    );
    const base = ts.readConfigFile(
      fileURLToPath(new URL('../../../tsconfig.base.json', import.meta.url)),
      ts.sys.readFile,
    );
    const { options } = ts.convertCompilerOptionsFromJson(
      base.config.compilerOptions,
      fileURLToPath(scratch),
    );
    const program = ts.createProgram(files, {
      ...options,
      noEmit: true,
      // The page imports the published name; here it is this checkout's source.
      paths: { '@pocketlm/ai-sdk': [source] },
    });
    const errors = ts.getPreEmitDiagnostics(program).map((d) => {
      const where = d.file
        ? `${d.file.fileName.split('/').at(-1)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}`
        : '';
      return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
    expect(errors).toEqual([]);
  }, 60_000);

  snippets.forEach((snippet, i) => {
    it(`${i + 1}: ${snippet.heading}`, async () => {
      const code = snippet.code.replaceAll("from '@pocketlm/ai-sdk'", `from ${JSON.stringify(source)}`);
      const file = new URL(`snippet-${i + 1}.ts`, scratch);
      await writeFile(file, code);
      await import(/* @vite-ignore */ fileURLToPath(file));
    });
  });
});
