import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createEmbedder,
  createEngine,
  type Embedder,
  type Engine,
  PocketLMError,
  wrapEngine,
} from '@pocketlm/core';
import { nodeBackend } from '@pocketlm/node';
import { collect, ensureFixture } from '@pocketlm/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRag } from '../src/answer/create-rag.js';
import { loadFolder } from '../src/loaders/load-folder.js';
import { createEmbeddedStore } from '../src/store/embedded-store.js';

let engine: Engine;
let embedder: Embedder;
let dir: string;
beforeAll(async () => {
  const backend = nodeBackend({ session: { intraOpNumThreads: 1 } });
  engine = await createEngine({ backend, model: await ensureFixture('tiny') });
  embedder = await createEmbedder({ backend, model: await ensureFixture('tiny-encoder') });
  dir = await mkdtemp(join(tmpdir(), 'pocketlm-rag-'));
  await writeFile(
    join(dir, 'trains.md'),
    '# Trains\n\n## Lyon\n\nThe train to Lyon leaves at 9:12 from platform 4.\n',
  );
  await writeFile(join(dir, 'garden.txt'), 'Water the tomatoes every evening in July.\n');
  await writeFile(
    join(dir, 'cooking.html'),
    '<html><title>Soup</title><body><h1>Soup</h1><p>Simmer the lentils for 25 minutes.</p></body></html>',
  );
  await writeFile(join(dir, 'empty.txt'), '');
  await writeFile(join(dir, 'blob.bin'), new Uint8Array([0, 159, 146, 150, 0, 1, 2, 3]));
});
afterAll(async () => {
  await engine.dispose();
  await embedder.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('RAG end to end (tiny-encoder embedder, tiny chat model, embedded store)', () => {
  it('indexes a folder incrementally: binary files skipped, unchanged ones left, changed and removed ones followed', async () => {
    const path = join(dir, 'store.plmrag');
    const rag = await createRag({ embedder, path, maxTokens: 64 });
    const first = await loadFolder(dir, { exclude: /\.plmrag/ });
    expect(first.skipped.map((s) => [s.path, s.reason])).toEqual([['blob.bin', 'binary']]);
    const report = await rag.index(first.documents, { removeMissing: true });
    expect(report.added.sort()).toEqual(['cooking.html', 'garden.txt', 'trains.md']);
    expect(report.empty).toEqual(['empty.txt']);
    expect(report.chunks).toBeGreaterThanOrEqual(3);

    // A new Rag over the same file: nothing to do.
    const again = await createRag({ embedder, path, maxTokens: 64 });
    const second = await again.index((await loadFolder(dir, { exclude: /\.plmrag/ })).documents, {
      removeMissing: true,
    });
    // The empty file is looked at again (nothing of it is stored) but stays empty.
    expect(second).toMatchObject({
      added: [],
      updated: [],
      removed: [],
      empty: ['empty.txt'],
      unchanged: 3,
      chunks: 0,
    });

    await writeFile(join(dir, 'garden.txt'), 'Water the tomatoes every morning in August.\n');
    await rm(join(dir, 'empty.txt'));
    const third = await again.index((await loadFolder(dir, { exclude: /\.plmrag/ })).documents, {
      removeMissing: true,
    });
    expect(third).toMatchObject({ added: [], updated: ['garden.txt'], removed: [], empty: [], unchanged: 2 });
    const hits = await again.retrieve('tomatoes morning August');
    expect(hits[0].source).toBe('garden.txt');
    expect(hits[0].text).toContain('August');
  });

  it('answers from packed chunks and streams the citations the answer makes', async () => {
    const rag = await createRag({ embedder, path: join(dir, 'answer.plmrag'), maxTokens: 64 });
    await rag.index((await loadFolder(dir, { exclude: /\.plmrag/ })).documents);
    // The random model is made to cite source 1 (a regex constraint through middleware), so citations are real.
    const citing = wrapEngine(engine, {
      transformRequest: (r) => ({
        ...r,
        responseFormat: { type: 'regex', pattern: 'It leaves at 9:12 \\[1\\]\\.' },
      }),
    });
    const events = await collect(
      rag.answer('When does the train to Lyon leave?', { engine: citing, maxTokens: 40 }),
    );
    const retrieval = events[0];
    if (retrieval.type !== 'retrieval') throw new Error('retrieval first');
    expect(retrieval.chunks[0].source).toBe('trains.md');
    expect(retrieval.chunks[0].headings).toEqual(['Trains', 'Lyon']);
    const text = events
      .filter((e) => e.type === 'text-delta')
      .map((e) => (e as { text: string }).text)
      .join('');
    expect(text).toBe('It leaves at 9:12 [1].');
    const citations = events.filter((e) => e.type === 'citation');
    expect(citations).toHaveLength(1);
    const cited = citations[0].type === 'citation' ? citations[0].citation : undefined;
    expect(cited).toMatchObject({ n: 1, source: 'trains.md', headings: ['Trains', 'Lyon'] });
    const doc = await readFile(join(dir, 'trains.md'), 'utf8');
    expect(doc.slice(cited!.start, cited!.end)).toBe(retrieval.chunks[0].text);
    const finish = events.at(-1);
    expect(finish?.type === 'finish' && finish.citations).toEqual([cited]);
    expect(finish?.type === 'finish' && finish.sources.length).toBe(retrieval.chunks.length);
  });

  it('packs only what fits the token budget', async () => {
    const rag = await createRag({ embedder, path: join(dir, 'budget.plmrag'), maxTokens: 32 });
    await rag.index((await loadFolder(dir, { exclude: /\.plmrag/ })).documents);
    const events = await collect(rag.answer('lentils', { engine, maxContextTokens: 40, maxTokens: 2 }));
    const retrieval = events[0];
    if (retrieval.type !== 'retrieval') throw new Error('retrieval first');
    expect(retrieval.contextTokens).toBeLessThanOrEqual(40);
    expect(retrieval.dropped).toBeGreaterThan(0);
  });

  it('an embedder whose dimension differs from the store is refused; a corrupt store is an error and left as it was', async () => {
    const store = await createEmbeddedStore({ dimensions: embedder.info.dimensions + 1 });
    await expect(createRag({ embedder, store })).rejects.toMatchObject({ code: 'INVALID_OPTIONS' });
    const path = join(dir, 'corrupt.plmrag');
    await writeFile(path, 'not a store');
    const error = await createRag({ embedder, path }).catch((e) => e);
    expect(PocketLMError.isInstance(error)).toBe(true);
    expect(String(error.message)).toContain('corrupt.plmrag');
    expect(await readFile(path, 'utf8')).toBe('not a store');
  });
});
