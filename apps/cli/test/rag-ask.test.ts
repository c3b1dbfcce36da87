import { join } from 'node:path';
import { createEmbeddedStore } from '@pocketlm/rag';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeRagFolder } from './rag-folder.js';
import { runCli } from './run-cli.js';

describe('pocketlm rag ask', () => {
  let cwd: string;

  beforeAll(async () => {
    ({ cwd } = makeRagFolder());
    const r = await runCli(['rag', 'index', 'docs'], { cwd });
    expect(r.code, r.stderr).toBe(0);
  });

  it('streams an answer from the default model, then lists the sources', async () => {
    const r = await runCli(
      ['rag', 'ask', 'How do I constrain output to a JSON schema?', '--max-tokens', '16', '--seed', '1'],
      {
        cwd,
      },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/retrieved [1-9]\d* chunks from [1-3] sources \(\d+ tokens of context/);
    // The random-weight model rarely writes a valid [n]: then every packed source is listed instead, best first
    // (lexical search carries the ranking while the vectors are random).
    expect(r.stdout).toMatch(/^(Cited sources:|The answer cited no sources; it was given:)$/m);
    expect(r.stdout).toMatch(/^\[\d+\] guide\.md › Guide › JSON output \(\d+–\d+\)$/m);
    expect(r.stderr).toMatch(/prompt tokens, \d+ generated \((stop|length)\)/);
  });

  it('--json prints the finish with its citations and sources', async () => {
    const r = await runCli(['rag', 'ask', 'What does the KV cache keep?', '--max-tokens', '8', '--json'], {
      cwd,
    });
    expect(r.code, r.stderr).toBe(0);
    const finish = JSON.parse(r.stdout);
    expect(finish.finishReason).toMatch(/stop|length/);
    expect(finish.citations).toBeInstanceOf(Array);
    expect(finish.sources.map((s: { source: string }) => s.source)).toContain('notes.txt');
  });

  it('a missing store is a clear message, not a stack trace', async () => {
    const r = await runCli(['rag', 'ask', 'anything', '--store', 'nowhere.plmrag'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`pocketlm: No RAG store at ${join(cwd, 'nowhere.plmrag')}.`);
    expect(r.stderr).toContain('pocketlm rag index <folder> --store nowhere.plmrag [INVALID_OPTIONS]');
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });

  it('a store built with an embedder of another dimension says so', async () => {
    const path = join(cwd, 'wide.plmrag');
    const store = await createEmbeddedStore({ dimensions: 32, path });
    const chunk = {
      id: 'a.md#0',
      source: 'a.md',
      kind: 'markdown',
      hash: 'h',
      text: 'text',
      start: 0,
      end: 4,
      headings: [],
      tokens: 1,
    };
    await store.upsert([chunk], [new Float32Array(32).fill(0.1)]);
    await store.save();
    const r = await runCli(['rag', 'ask', 'anything', '--store', path], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /The embedder makes 64-dimensional vectors but the store holds 32: re-index with this/,
    );
    expect(r.stderr).toContain('[INVALID_OPTIONS]');
  });
});
