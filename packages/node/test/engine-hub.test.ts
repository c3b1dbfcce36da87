import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine, type EngineLoadProgress } from '@pocketlm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HubTestServer, startHubTestServer } from '../../core/test/hub-test-server.js';
import { FileModelStore, nodeBackend } from '../src/index.js';
import { tinyDir } from './engine-fixture.js';

// The real hub-loading path end to end: a hub id resolved against a Hugging Face-layout server on 127.0.0.1
// that serves the tiny fixture, downloaded into a filesystem store, then loaded and run.
const FILES = [
  'config.json',
  'generation_config.json',
  'tokenizer.json',
  'tokenizer_config.json',
  'onnx/model.onnx',
];

let server: HubTestServer;
let store: FileModelStore;
beforeAll(async () => {
  const dir = await tinyDir();
  const model = Object.fromEntries(
    await Promise.all(FILES.map(async (f) => [f, new Uint8Array(await readFile(join(dir, f)))] as const)),
  );
  server = await startHubTestServer(model);
  store = new FileModelStore({ root: await mkdtemp(join(tmpdir(), 'pocketlm-engine-hub-')) });
});
afterAll(() => server.close());

describe('createEngine from a hub id', () => {
  it('downloads with progress, verifies, runs, and loads offline from the store the second time', async () => {
    const progress: EngineLoadProgress[] = [];
    const backend = nodeBackend({ store });
    const engine = await createEngine({
      backend,
      model: server.repo,
      hubUrl: server.url,
      onProgress: (e) => progress.push(e),
    });
    const downloaded = new Set(progress.flatMap((e) => (e.type === 'download' ? [e.file] : [])));
    expect([...downloaded].sort()).toEqual([...FILES].sort());
    expect(engine.info.model).toContain(server.repo);
    const first = await engine.generate({ prompt: 'Hello', maxTokens: 8 });
    await engine.dispose();

    const requestsBefore = server.requests.length;
    const offline = await createEngine({ backend, model: server.repo, hubUrl: server.url, offline: true });
    expect(server.requests.length).toBe(requestsBefore);
    expect((await offline.generate({ prompt: 'Hello', maxTokens: 8 })).tokens).toEqual(first.tokens);
    await offline.dispose();

    // The same greedy ids as loading the fixture directory directly.
    const local = await createEngine({ backend, model: await tinyDir() });
    expect((await local.generate({ prompt: 'Hello', maxTokens: 8 })).tokens).toEqual(first.tokens);
    await local.dispose();
  });

  it('a hub id the server does not have → MODEL_NOT_FOUND', async () => {
    const backend = nodeBackend({ store });
    await expect(
      createEngine({ backend, model: 'nobody/nothing', hubUrl: server.url }),
    ).rejects.toMatchObject({
      code: 'MODEL_NOT_FOUND',
    });
  });
});
