import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageChannel, Worker } from 'node:worker_threads';
import { createEngine, type Engine, PocketLMError } from '@pocketlm/core';
import { FileModelStore, nodeBackend } from '@pocketlm/node';
import { collect, ensureFixture, startStaticServer } from '@pocketlm/testkit';
import * as ortWeb from 'onnxruntime-web';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createWorkerEngine,
  type EngineServer,
  serveEngine,
  type WorkerEngine,
  webBackend,
} from '../src/index.js';
import { nodeWorkerEndpoint } from './helpers/node-worker-endpoint.js';
import { rejection } from './helpers/rejection.js';

const PROMPT = 'The quick brown fox';

describe('worker engine over a MessageChannel (in-process, real engine)', () => {
  let dir: string;
  let storeDir: string;
  let server: EngineServer;
  let engine: WorkerEngine;
  let reference: Engine;

  beforeAll(async () => {
    dir = await ensureFixture('tiny');
    storeDir = await mkdtemp(join(tmpdir(), 'pocketlm-web-store-'));
    const { port1, port2 } = new MessageChannel();
    const store = new FileModelStore({ root: storeDir });
    server = serveEngine(port1 as unknown as EventTarget & MessagePort, {
      backend: webBackend({ ort: ortWeb, device: 'wasm', store }),
    });
    engine = createWorkerEngine(port2 as unknown as MessagePort);
    reference = await createEngine({
      backend: nodeBackend({ session: { intraOpNumThreads: 1 } }),
      model: dir,
    });
  });
  afterAll(async () => {
    await engine?.dispose();
    await server?.close();
    await reference?.dispose();
    await rm(storeDir, { recursive: true, force: true });
  });

  it('loads with a capability report and gives the node backend’s greedy ids', async () => {
    const info = await engine.load({ model: dir });
    expect(info.backend).toBe('web');
    expect(info.capabilities?.device).toBe('wasm');
    expect(info.capabilities?.reason).toMatch(/WASM/);
    expect(info.capabilities?.wasm.threads).toBe(1);
    const viaWorker = await engine.generate({ prompt: PROMPT, maxTokens: 24, temperature: 0 });
    const inThread = await reference.generate({ prompt: PROMPT, maxTokens: 24, temperature: 0 });
    expect(viaWorker.tokens.length).toBeGreaterThan(0);
    expect(viaWorker.tokens).toEqual(inThread.tokens);
    expect(viaWorker.text).toBe(inThread.text);
  });

  it('streams events and counts tokens like the in-thread engine', async () => {
    const events = await collect(engine.stream({ prompt: PROMPT, maxTokens: 8, temperature: 0 }));
    expect(events.at(-1)?.type).toBe('finish');
    expect(events.some((e) => e.type === 'text-delta')).toBe(true);
    expect(await engine.countTokens(PROMPT)).toBe(reference.countTokens(PROMPT));
    const chat = [{ role: 'user' as const, content: 'hi' }];
    expect(await engine.countTokens(chat)).toBe(reference.countTokens(chat));
  });

  it('runs chat sessions that keep their KV cache in the worker', async () => {
    const session = engine.chat({ system: 'Be brief.' });
    const first = await session.send('Hello', { maxTokens: 6, temperature: 0 });
    const second = await session.send('And then?', { maxTokens: 6, temperature: 0 });
    expect(second.usage.cachedPromptTokens).toBeGreaterThan(0);
    expect(session.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user', 'assistant']);
    expect(session.messages[2].content).toBe(first.text);
    const local = reference.chat({ system: 'Be brief.' });
    expect((await local.send('Hello', { maxTokens: 6, temperature: 0 })).tokens).toEqual(first.tokens);
    await session.reset();
    expect(session.messages.map((m) => m.role)).toEqual(['system']);
    await session.dispose();
  });

  it('aborts a stream in the worker when the signal fires, with ABORTED', async () => {
    const controller = new AbortController();
    const events = engine.stream({
      prompt: PROMPT,
      maxTokens: 200,
      temperature: 0,
      signal: controller.signal,
    });
    const error = await rejection(
      (async () => {
        for await (const event of events) if (event.type === 'token') controller.abort();
      })(),
    );
    expect(error.code).toBe('ABORTED');
    // The worker is still usable afterwards.
    expect((await engine.generate({ prompt: PROMPT, maxTokens: 2, temperature: 0 })).tokens).toHaveLength(2);
  });

  it('keeps error codes across the boundary', async () => {
    const invalid = await rejection(engine.generate({ prompt: PROMPT, maxTokens: -1 }));
    expect(invalid.code).toBe('INVALID_OPTIONS');
    expect(PocketLMError.isInstance(invalid)).toBe(true);
    const missing = await rejection(engine.load({ model: join(dir, 'does-not-exist') }));
    expect(missing.code).toBe('MODEL_NOT_FOUND');
    const unloaded = await rejection(engine.generate({ prompt: PROMPT }));
    expect(unloaded.code).toBe('INVALID_OPTIONS');
  });

  it('downloads into the worker’s store, then loads from it without a request, and lists / deletes / clears it', async () => {
    const http = await startStaticServer({ mounts: { '/models/tiny': dir }, sha256Etags: true });
    try {
      const model = `${http.url}/models/tiny`;
      const progress: string[] = [];
      const first = await engine.load({ model, onProgress: (e) => progress.push(e.type) });
      expect(first.fromStore).toBe(false);
      expect(progress).toContain('download');
      http.resetRequests();
      const second = await engine.load({ model });
      expect(second.fromStore).toBe(true);
      expect(http.requestCount()).toBe(0);
      const keys = await engine.store.list();
      expect(keys).toHaveLength(1);
      await engine.store.delete(keys[0]);
      expect(await engine.store.list()).toEqual([]);
      await engine.load({ model });
      await engine.store.clear();
      expect(await engine.store.list()).toEqual([]);
    } finally {
      await http.close();
    }
  });
});

describe('worker engine in a worker_threads Worker', () => {
  let storeDir: string;
  const workers: Worker[] = [];
  const start = () => {
    const worker = new Worker(new URL('./helpers/engine-worker.mjs', import.meta.url), {
      workerData: { storeDir },
    });
    workers.push(worker);
    return { worker, engine: createWorkerEngine(nodeWorkerEndpoint(worker)) };
  };

  beforeAll(async () => {
    storeDir = await mkdtemp(join(tmpdir(), 'pocketlm-web-store-'));
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.terminate()));
    await rm(storeDir, { recursive: true, force: true });
  });

  it('generates in another thread, then rejects every pending request with WORKER_CRASHED when it throws', async () => {
    const { worker, engine } = start();
    await engine.load({ model: await ensureFixture('tiny') });
    expect((await engine.generate({ prompt: PROMPT, maxTokens: 3, temperature: 0 })).tokens).toHaveLength(3);
    const generating = engine.generate({ prompt: PROMPT, maxTokens: 5000, temperature: 0 });
    const counting = engine.chat().send('hello', { maxTokens: 5000, temperature: 0 });
    worker.postMessage({ test: 'throw' });
    expect((await rejection(generating)).code).toBe('WORKER_CRASHED');
    expect((await rejection(counting)).code).toBe('WORKER_CRASHED');
    // Later calls fail the same way instead of hanging.
    expect((await rejection(engine.countTokens(PROMPT))).code).toBe('WORKER_CRASHED');
  });

  it('rejects pending requests with WORKER_CRASHED when the worker exits unexpectedly', async () => {
    const { worker, engine } = start();
    const loading = engine.load({ model: await ensureFixture('tiny') });
    worker.postMessage({ test: 'exit' });
    expect((await rejection(loading)).code).toBe('WORKER_CRASHED');
  });
});
